import { createRequire } from 'node:module';
import { parentPort } from 'node:worker_threads';

/**
 * Decodes HEIC (HEVC-coded HEIF) with libheif compiled to WebAssembly, in its own thread: a 12 MP
 * photo takes most of a second of uninterrupted CPU, which must never land on a thread that
 * answers the user interface. Replies with tightly packed 8-bit RGB of the primary image, with
 * the file's own rotation and mirroring (irot, imir) applied by libheif.
 */

interface HeifChannel {
  id: number;
  data: Uint8Array;
  width: number;
  height: number;
  stride: number;
}
interface HeifError {
  code: number;
  message: string;
}
interface LibHeif {
  heif_context_alloc(): unknown;
  heif_context_free(ctx: unknown): void;
  heif_context_read_from_memory(ctx: unknown, bytes: Uint8Array): HeifError;
  heif_js_context_get_primary_image_handle(ctx: unknown): unknown;
  heif_image_handle_release(handle: unknown): void;
  heif_js_decode_image2(handle: unknown, colorspace: number, chroma: number): Promise<{ image: unknown; channels: HeifChannel[]; code?: number; message?: string } | HeifError | null>;
  heif_image_release(image: unknown): void;
  heif_error_code: { heif_error_Ok: number };
  heif_colorspace: { heif_colorspace_RGB: number };
  heif_chroma: { heif_chroma_interleaved_RGB: number };
  heif_channel: { heif_channel_interleaved: number };
}

export interface HeicRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
}
export type HeicReply =
  | { readonly id: number; readonly ok: true; readonly data: Uint8Array; readonly width: number; readonly height: number }
  | { readonly id: number; readonly ok: false; readonly message: string };

const lib = createRequire(import.meta.url)('libheif-js/wasm-bundle') as LibHeif;

async function decode(bytes: Uint8Array): Promise<{ data: Uint8Array; width: number; height: number }> {
  const ctx = lib.heif_context_alloc();
  let handle: unknown = null;
  try {
    const read = lib.heif_context_read_from_memory(ctx, bytes);
    if (read.code !== lib.heif_error_code.heif_error_Ok) throw new Error(read.message);
    handle = lib.heif_js_context_get_primary_image_handle(ctx);
    if (!handle || (handle as HeifError).code) throw new Error((handle as HeifError | null)?.message ?? 'no primary image');
    const image = await lib.heif_js_decode_image2(handle, lib.heif_colorspace.heif_colorspace_RGB, lib.heif_chroma.heif_chroma_interleaved_RGB);
    if (!image || !('channels' in image)) throw new Error((image as HeifError | null)?.message ?? 'decoding failed');
    try {
      const plane = image.channels.find((c) => c.id === lib.heif_channel.heif_channel_interleaved);
      if (!plane) throw new Error('decoder returned no interleaved RGB plane');
      const row = plane.width * 3;
      const data = new Uint8Array(row * plane.height);
      if (plane.stride === row) data.set(plane.data.subarray(0, data.length));
      else for (let y = 0; y < plane.height; y++) data.set(plane.data.subarray(y * plane.stride, y * plane.stride + row), y * row);
      return { data, width: plane.width, height: plane.height };
    } finally {
      lib.heif_image_release(image.image);
    }
  } finally {
    if (handle) lib.heif_image_handle_release(handle);
    lib.heif_context_free(ctx);
  }
}

const port = parentPort!;
port.on('message', (m: HeicRequest) => {
  decode(m.bytes).then(
    (r) => port.postMessage({ id: m.id, ok: true, ...r } satisfies HeicReply, [r.data.buffer as ArrayBuffer]),
    (err: unknown) => port.postMessage({ id: m.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies HeicReply),
  );
});
