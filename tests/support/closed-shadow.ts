import type { CDPSession, Page } from 'playwright-core';

/**
 * Lets Playwright's selectors see into the extension's CLOSED shadow roots, in tests only, without opening them.
 *
 * Playwright evaluates CSS, role, text and test-id selectors (and its click hit-test) in its own isolated
 * "utility world" (an execution context named `__playwright_utility_world_<page guid>`; only the `_react` and
 * `_vue` engines run in the page's main world, see `parseSelector` in playwright-core's coreBundle.js). Its
 * injected script reaches shadow roots only through `element.shadowRoot`, which is null for a closed root.
 * Each world has its own prototypes, so this replaces `Element.prototype.shadowRoot` in that world only: the
 * getter falls back to a WeakMap from host to root. The page's main world and the extension's world are
 * untouched, so a page script still gets null, and input stays trusted (Playwright clicks through CDP).
 *
 * The roots are found through CDP's DOM domain, which sees closed roots: the whole document once
 * (`DOM.getDocument` with `pierce`), then every inserted subtree and pushed shadow root; each closed root
 * whose host's tag starts with `stageback-` is resolved, with its host, into every utility-world context of
 * the page (`DOM.resolveNode` into that context) and registered there (`Runtime.callFunctionOn`). New documents
 * (`DOM.documentUpdated`) and new utility contexts (navigation) are scanned and registered again.
 * Out-of-process iframes have their own targets and are not covered.
 */
export async function pierceClosedShadowRoots(page: Page): Promise<{ detach(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  const hosts = new Map<number, number>(); // host backendNodeId → closed root backendNodeId
  const utilityContexts = new Set<number>();
  let closed = false;
  const send: CDPSession['send'] = (method, ...params) =>
    closed ? Promise.reject(new Error('detached')) : cdp.send(method, ...params);

  let registrations = 0;
  const register = async (contextId: number, host: number, root: number) => {
    // One object group per registration: registrations run concurrently (a host is registered into every frame's
    // utility world at once), and releasing a shared group freed another registration's handles mid-way.
    const objectGroup = `${OBJECT_GROUP}-${++registrations}`;
    try {
      const [h, r] = await Promise.all(
        [host, root].map((backendNodeId) =>
          send('DOM.resolveNode', { backendNodeId, executionContextId: contextId, objectGroup }),
        ),
      );
      if (!h?.object.objectId || !r?.object.objectId) return;
      await send('Runtime.callFunctionOn', {
        functionDeclaration: REGISTER,
        objectId: h.object.objectId,
        arguments: [{ objectId: r.object.objectId }],
      });
    } catch {
      // The node or the context is gone (navigation, removal), or belongs to another frame's context.
    } finally {
      void send('Runtime.releaseObjectGroup', { objectGroup }).catch(() => {});
    }
  };
  const found = (host: number, root: number) => {
    if (hosts.get(host) === root) return;
    hosts.set(host, root);
    for (const contextId of utilityContexts) void register(contextId, host, root);
  };

  const walk = (node: DomNode) => {
    if (node.localName?.startsWith('stageback-')) {
      const root = node.shadowRoots?.find((r) => r.shadowRootType === 'closed');
      if (root) found(node.backendNodeId, root.backendNodeId);
      else if (!node.shadowRoots) void describeHost(node.backendNodeId);
    }
    for (const child of [...(node.children ?? []), ...(node.shadowRoots ?? [])]) walk(child);
    if (node.contentDocument) walk(node.contentDocument);
    // A subtree inserted in one piece comes without its descendants: ask for them, so that later insertions
    // inside it are reported too.
    if (node.children === undefined && (node.childNodeCount ?? 0) > 0 && node.nodeId)
      void send('DOM.requestChildNodes', { nodeId: node.nodeId, depth: -1, pierce: true }).catch(() => {});
  };
  const describeHost = async (backendNodeId: number) => {
    const described = await send('DOM.describeNode', { backendNodeId, depth: 1, pierce: true }).catch(() => null);
    const root = (described?.node as DomNode | undefined)?.shadowRoots?.find((r) => r.shadowRootType === 'closed');
    if (root) found(backendNodeId, root.backendNodeId);
  };
  const scanDocument = async () => {
    const result = await send('DOM.getDocument', { depth: -1, pierce: true }).catch(() => null);
    if (result) walk(result.root as DomNode);
  };

  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (!context.name.startsWith('__playwright_utility_world')) return;
    utilityContexts.add(context.id);
    for (const [host, root] of hosts) void register(context.id, host, root);
  });
  cdp.on('Runtime.executionContextDestroyed', ({ executionContextId }) => {
    utilityContexts.delete(executionContextId);
  });
  cdp.on('Runtime.executionContextsCleared', () => utilityContexts.clear());
  cdp.on('DOM.documentUpdated', () => {
    hosts.clear();
    void scanDocument();
  });
  cdp.on('DOM.setChildNodes', ({ nodes }) => {
    for (const node of nodes) walk(node as DomNode);
  });
  cdp.on('DOM.childNodeInserted', ({ node }) => walk(node as DomNode));
  cdp.on('DOM.shadowRootPushed', ({ hostId, root }) => {
    if ((root as DomNode).shadowRootType !== 'closed') return;
    void send('DOM.describeNode', { nodeId: hostId })
      .then(({ node }) => {
        if (node.localName.startsWith('stageback-')) found(node.backendNodeId, root.backendNodeId);
      })
      .catch(() => {});
  });

  await cdp.send('Runtime.enable');
  await cdp.send('DOM.enable');
  await scanDocument();
  return {
    async detach() {
      closed = true;
      await cdp.detach().catch(() => {});
    },
  };
}

const OBJECT_GROUP = 'stageback-closed-shadow';

interface DomNode {
  nodeId?: number;
  backendNodeId: number;
  localName?: string;
  childNodeCount?: number;
  children?: DomNode[];
  shadowRoots?: DomNode[];
  shadowRootType?: 'open' | 'closed' | 'user-agent';
  contentDocument?: DomNode;
}

/**
 * Runs in Playwright's utility world with `this` = the host: remembers its closed root for `shadowRoot`. A string,
 * so that no transform of this file (esbuild's keepNames wraps functions in `__name`) reaches the browser.
 */
const REGISTER = `function (root) {
  if (!globalThis.stagebackClosedRoots) {
    const roots = new WeakMap();
    const native = Object.getOwnPropertyDescriptor(Element.prototype, 'shadowRoot');
    Object.defineProperty(Element.prototype, 'shadowRoot', {
      configurable: true,
      enumerable: native.enumerable,
      get() {
        return native.get.call(this) ?? roots.get(this) ?? null;
      },
    });
    globalThis.stagebackClosedRoots = roots;
  }
  globalThis.stagebackClosedRoots.set(this, root);
}`;
