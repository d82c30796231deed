// The playground's whole state (source, query, open panes, dump options) as a URL fragment:
// JSON, deflated (CompressionStream "deflate-raw"), then base64url, so a link reproduces the page.
// A fragment that does not decode gives null (the page then starts from its default state).

/** Everything a shared link restores. */
export interface PlaygroundState {
  source: string;
  query: string;
  /** Open panes besides the editor: "tree", "dump", "tokens", "query". */
  panes: string[];
  dumpAttributes: boolean;
  dumpIndent: boolean;
}

const PREFIX = "v1.";

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as BlobPart]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

function toBase64Url(bytes: Uint8Array): string {
  let bin = "";
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The fragment (without "#") that encodes `state`. */
export async function encodeState(state: PlaygroundState): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(state));
  return PREFIX + toBase64Url(await pipe(json, new CompressionStream("deflate-raw")));
}

/** The state a fragment encodes (with or without "#"), or null when it is not one of ours or is damaged. */
export async function decodeState(fragment: string): Promise<PlaygroundState | null> {
  const f = fragment.startsWith("#") ? fragment.slice(1) : fragment;
  if (!f.startsWith(PREFIX)) return null;
  try {
    const json = new TextDecoder().decode(await pipe(fromBase64Url(f.slice(PREFIX.length)), new DecompressionStream("deflate-raw")));
    const v = JSON.parse(json) as Partial<PlaygroundState>;
    if (typeof v.source !== "string") return null;
    return {
      source: v.source,
      query: typeof v.query === "string" ? v.query : "",
      panes: Array.isArray(v.panes) ? v.panes.filter((p): p is string => typeof p === "string") : [],
      dumpAttributes: v.dumpAttributes === true,
      dumpIndent: v.dumpIndent === true,
    };
  } catch {
    return null;
  }
}
