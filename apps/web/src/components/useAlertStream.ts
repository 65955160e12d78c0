import { useEffect, useRef, useState } from 'react';
import { storedKey } from '../api/client';
import type { Alert } from '../api/types';

/**
 * The alert stream (GET /api/alerts/stream, server-sent events) read with fetch, so that the key
 * goes in the Authorization header (EventSource sends none). Reconnects with Last-Event-ID.
 */
export function useAlertStream(onAlert: (alert: Alert) => void, filter: Record<string, string | undefined> = {}): boolean {
  const [connected, setConnected] = useState(false);
  const handler = useRef(onAlert);
  handler.current = onAlert;
  const filterKey = JSON.stringify(filter);

  useEffect(() => {
    const controller = new AbortController();
    let lastEventId: string | undefined;
    let stopped = false;

    const run = async () => {
      while (!stopped) {
        try {
          const params = new URLSearchParams(Object.entries(JSON.parse(filterKey) as Record<string, string | undefined>).filter(([, v]) => v) as [string, string][]);
          const headers: Record<string, string> = { accept: 'text/event-stream' };
          const key = storedKey();
          if (key) headers.authorization = `Bearer ${key}`;
          if (lastEventId) headers['last-event-id'] = lastEventId;
          const res = await fetch(`/api/alerts/stream${params.size ? `?${params}` : ''}`, { headers, signal: controller.signal });
          if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
          setConnected(true);
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value;
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const event = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let id: string | undefined;
              const data: string[] = [];
              for (const line of event.split('\n')) {
                if (line.startsWith('id:')) id = line.slice(3).trim();
                else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
              }
              if (id) lastEventId = id;
              if (data.length) {
                try {
                  handler.current(JSON.parse(data.join('\n')) as Alert);
                } catch {
                  /* a malformed event is skipped */
                }
              }
            }
          }
        } catch {
          if (stopped) return;
        }
        setConnected(false);
        if (!stopped) await new Promise((r) => setTimeout(r, 3000));
      }
    };
    void run();
    return () => {
      stopped = true;
      controller.abort();
    };
  }, [filterKey]);

  return connected;
}
