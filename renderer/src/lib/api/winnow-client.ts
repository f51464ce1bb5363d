import type { MediaKind, WinnowApi, WinnowEventSource } from '../../../../electron/shared/api-contract';

/** Everything the renderer needs from its host: the API, its events and image addresses. */
export interface WinnowClient {
  readonly api: WinnowApi;
  readonly events: WinnowEventSource;
  mediaUrl(photoId: number, kind: MediaKind): string;
}
