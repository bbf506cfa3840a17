import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { GoogleScriptData } from '../../../utils/adapters/common/google-jsdata';

const page = (...scripts: string[]) =>
  new JSDOM(`<!doctype html><body>${scripts.join('')}</body>`, { url: 'https://www.google.com/search?q=x' }).window
    .document;

describe('GoogleScriptData', () => {
  it('reads a value in either form: the initial page object and a fragment loaded later', () => {
    const doc = page(
      '<script>var a = {"Ab1":[1,2,[3]],"Cd2":{"x":"]"}};</script>',
      "<script>window['W_jd']['Ef3']=[7,8];</script>",
    );
    const data = new GoogleScriptData(doc);
    expect(data.value('Ab1')).toEqual([1, 2, [3]]);
    expect(data.value('Cd2')).toEqual({ x: ']' });
    expect(data.value('Ef3')).toEqual([7, 8]);
  });

  it('takes the first script that has the key, and in it the quoted form', () => {
    const doc = page("<script>window['W_jd']['K1']=[1];x={\"K1\":[2]};</script>", '<script>y={"K1":[3]};</script>');
    expect(new GoogleScriptData(doc).value('K1')).toEqual([2]);
  });

  it('gives null for a missing key, a malformed value, a non-key, and scripts with a src', () => {
    const doc = page('<script>z={"Bad":[1,2;"Num":5};</script>', '<script src="/x.js">q={"Src":[1]}</script>');
    const data = new GoogleScriptData(doc);
    expect(data.value('Nope')).toBeNull();
    expect(data.value('Bad')).toBeNull();
    expect(data.value('Num')).toBeNull();
    expect(data.value('Src')).toBeNull();
    expect(data.value('a"b')).toBeNull();
  });
});
