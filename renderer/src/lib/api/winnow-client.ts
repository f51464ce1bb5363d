import type { MediaKind, WinnowApi, WinnowEventSource } from '../../../../electron/shared/api-contract';

/** Everything the renderer needs from its host: the API, its events and image addresses. */
export interface WinnowClient {
  readonly api: WinnowApi;
  readonly events: WinnowEventSource;
  mediaUrl(photoId: number, kind: MediaKind): string;
  /** The host can send files to the system trash (the desktop app; the browser host cannot). */
  readonly canTrash: boolean;
}
