/**
 * What channels keep between sends in one notifier process (an SMTP pool), keyed by name and rebuilt
 * when the config it was built from changes (hot reload). Closed when the notifier stops.
 */
export interface ResourceCache {
  get<T>(key: string, config: unknown, create: () => T, close: (value: T) => void): T;
  closeAll(): void;
}

interface Entry {
  readonly config: string;
  readonly value: unknown;
  readonly close: () => void;
}

export function createResourceCache(): ResourceCache {
  const entries = new Map<string, Entry>();
  return {
    get<T>(key: string, config: unknown, create: () => T, close: (value: T) => void): T {
      const json = JSON.stringify(config);
      const entry = entries.get(key);
      // Each key is used by one channel with one type, so the stored value is that channel's T.
      if (entry && entry.config === json) return entry.value as T;
      entry?.close();
      const value = create();
      entries.set(key, { config: json, value, close: () => close(value) });
      return value;
    },
    closeAll(): void {
      for (const entry of entries.values()) entry.close();
      entries.clear();
    },
  };
}
