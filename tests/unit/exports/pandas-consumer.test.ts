import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Dexie from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StagebackDB } from '../../../storage/db';
import { exportDatasetFolder } from '../../../storage/exports/dataset-folder';
import type { FormatOptionValues } from '../../../storage/exports/format';
import { runExport } from '../../../storage/exports/run-export';
import { stringSink } from '../../../storage/exports/sink';
import { uuidv7 } from '../../../utils/uuidv7';
import { EXPORTED_AT, fillDataset } from './dataset';

// The real consumer: Debian's python3-pandas (and python3-yaml for the card). Debian's interpreter first: a
// pyenv or venv python3 earlier on PATH may not see Debian's packages.
const PYTHON = ['/usr/bin/python3', 'python3'].find(
  (bin) => spawnSync(bin, ['-c', 'import pandas, yaml'], { stdio: 'ignore' }).status === 0,
);
if (!PYTHON)
  console.warn(
    '[exports] python3 with pandas and yaml not found (apt-get install python3-pandas python3-yaml): pandas tests skipped.',
  );

let db: StagebackDB;
let dir = '';
beforeAll(async () => {
  db = new StagebackDB(`pandas-${uuidv7()}`);
  await db.open();
  await fillDataset(db);
  dir = mkdtempSync(path.join(tmpdir(), 'stageback-pandas-'));
});
afterAll(async () => {
  db.close();
  await Dexie.delete(db.name);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function exportFile(formatId: string, name: string, formatOptions?: FormatOptionValues): Promise<string> {
  const sink = stringSink();
  await runExport(db, formatId, { sink, exportedAt: EXPORTED_AT, formatOptions });
  const file = path.join(dir, name);
  writeFileSync(file, sink.text(), 'utf8');
  return file;
}

/** Runs a Python script with argv and returns what it printed as JSON. */
function python(script: string, ...args: string[]): unknown {
  const out = execFileSync(PYTHON as string, ['-c', script, ...args], { encoding: 'utf8' });
  return JSON.parse(out);
}

describe.skipIf(!PYTHON)('pandas reads the exports', () => {
  it('read_json(lines=True) loads every JSON Lines export with the columns and rows we wrote', async () => {
    const files = {
      dpo: await exportFile('dpo', 'dpo.jsonl'),
      kto: await exportFile('kto', 'kto.jsonl', { conversational: true }),
      rag: await exportFile('rag-eval', 'rag.jsonl'),
      citations: await exportFile('citations', 'citations.jsonl'),
    };
    const seen = python(
      `import json, sys, pandas as pd
out = {}
for name, file in zip(sys.argv[1::2], sys.argv[2::2]):
    df = pd.read_json(file, lines=True)
    out[name] = {"columns": list(df.columns), "rows": len(df), "first": json.loads(df.iloc[0].to_json())}
print(json.dumps(out))`,
      ...Object.entries(files).flat(),
    ) as Record<string, { columns: string[]; rows: number; first: Record<string, unknown> }>;
    // The refinement pair's provenance is one more column (empty on the corrected-answer row).
    expect(seen.dpo?.columns).toEqual(['prompt', 'chosen', 'rejected', 'provenance']);
    expect(String(seen.dpo?.first.prompt)).toContain('https://www.cdc.gov/sleep/about/index.html');
    expect(seen.kto?.rows).toBe(4);
    expect(seen.kto?.first.completion).toEqual([expect.objectContaining({ role: 'assistant' })]);
    expect(seen.rag?.first.context_relevance).toEqual([3, 1]);
    expect(seen.citations?.first.support_grade).toBe(2);
  });

  it('read_csv keeps a leading = without the guard, and reads the BOM file’s first column by its name', async () => {
    const plain = await exportFile('csv', 'plain.csv', { formulaGuard: false });
    const excel = await exportFile('csv', 'excel.csv', { bom: true });
    const seen = python(
      `import json, sys, pandas as pd
plain = pd.read_csv(sys.argv[1], dtype=str, keep_default_na=False)
excel = pd.read_csv(sys.argv[2], dtype=str, keep_default_na=False)
comment = plain[plain["kind"] == "comment"]["text"].tolist()
print(json.dumps({"plain": comment, "excelFirst": excel.columns[0], "excelComment": excel[excel["kind"] == "comment"]["text"].tolist(), "rows": len(plain)}))`,
      plain,
      excel,
    ) as { plain: string[]; excelFirst: string; excelComment: string[]; rows: number };
    expect(seen.rows).toBe(29);
    expect(seen.plain[0]).toBe('=HYPERLINK("http://evil.example"), then "quotes"\nand a second line');
    expect(seen.excelFirst).toBe('event_id');
    expect(seen.excelComment[0]?.startsWith("'=HYPERLINK(")).toBe(true);
  });

  it('the dataset folder: each config of the card loads with the features it declares and the count it states', async () => {
    const chunks: Uint8Array[] = [];
    await exportDatasetFolder((id, o) => runExport(db, id, o), {
      sink: { write: (c) => void chunks.push(c), close: () => {} },
      formatOptions: { conversational: true },
      exportedAt: EXPORTED_AT,
    });
    const zip = path.join(dir, 'dataset.zip');
    writeFileSync(zip, Buffer.concat(chunks));
    const seen = python(
      `import json, sys, zipfile, os, yaml, pandas as pd
root = os.path.join(os.path.dirname(sys.argv[1]), "folder")
zipfile.ZipFile(sys.argv[1]).extractall(root)
card = open(os.path.join(root, "README.md"), encoding="utf-8").read()
meta = yaml.safe_load(card.split("---\\n")[1])
info = {c["config_name"]: c for c in meta["dataset_info"]}
out = {"license": meta["license"], "configs": {}}
for config in meta["configs"]:
    name = config["config_name"]
    files = [os.path.join(root, f["path"]) for f in config["data_files"] if f["split"] == "train"]
    df = pd.concat([pd.read_json(f, lines=True) for f in files])
    out["configs"][name] = {
        "columns": list(df.columns),
        "features": [f["name"] for f in info[name]["features"]],
        "rows": len(df),
        "stated": info[name]["splits"][0]["num_examples"],
    }
print(json.dumps(out))`,
      zip,
    ) as {
      license: string;
      configs: Record<string, { columns: string[]; features: string[]; rows: number; stated: number }>;
    };
    expect(seen.license).toBe('other');
    expect(Object.keys(seen.configs).sort()).toEqual(['citations', 'decomposition', 'dpo', 'kto', 'rag_eval']);
    for (const config of Object.values(seen.configs)) {
      expect(config.columns).toEqual(config.features);
      expect(config.rows).toBe(config.stated);
      expect(config.rows).toBeGreaterThan(0);
    }
  });
});
