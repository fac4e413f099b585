// The browser's online/offline signals, so the client waits quietly while there is no network and
// reconnects at once when it returns instead of sitting out a long backoff.

export interface NetworkStatus {
  online(): boolean;
  /** Calls back on every change; answers the function that stops watching. */
  watch(onChange: (online: boolean) => void): () => void;
}

/** The browser's view of the network; null outside a browser (Node: assume the network is there). */
export function createNetworkStatus(): NetworkStatus | null {
  const scope = globalThis as { navigator?: { onLine?: boolean }; addEventListener?: (type: string, listener: () => void) => void; removeEventListener?: (type: string, listener: () => void) => void };
  if (typeof scope.addEventListener !== 'function' || typeof scope.navigator?.onLine !== 'boolean') return null;
  return {
    online: () => scope.navigator?.onLine !== false,
    watch(onChange) {
      const online = () => onChange(true);
      const offline = () => onChange(false);
      scope.addEventListener!('online', online);
      scope.addEventListener!('offline', offline);
      return () => {
        scope.removeEventListener!('online', online);
        scope.removeEventListener!('offline', offline);
      };
    },
  };
}
