import type { Api, EventsApi } from '../../preload/contract';

declare global {
  interface Window {
    api: Api;
    events: EventsApi;
  }
}
