// One recording played: the WAV is fetched once with the token (GET /api/recordings/:id/file,
// one audit entry) and kept as a Blob; the <audio> plays it from a blob: URL, WebAudio decodes
// the same bytes for the timeline, and Download saves them. The token never goes into a URL,
// where logs, history and the Referer would keep it: an <audio src> cannot send a header.
import { useEffect, useRef, useState } from 'preact/hooks';
import { ErrorLine } from '../../../softphone/src/ui/error-line.js';
import { errorText, type ConsoleApi } from '../api.js';
import type { FoundRecording } from './recording-model.js';
import { Timeline, TIMELINE_COLUMNS } from './timeline.js';
import { decodeWaveform, type Waveform } from './waveform.js';

interface Loaded {
  url: string;
  waveform: Waveform;
}

export function RecordingPlayer({ api, recording, title, onClose }: { api: ConsoleApi; recording: FoundRecording; title: string; onClose: () => void }) {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState('');
  const [position, setPosition] = useState(0);
  const audio = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    let live = true;
    let url = '';
    void (async () => {
      try {
        const blob = await api.blob('GET', `/recordings/${recording.id}/file`);
        const waveform = await decodeWaveform(await blob.arrayBuffer(), TIMELINE_COLUMNS);
        if (!live) return;
        url = URL.createObjectURL(blob);
        setLoaded({ url, waveform });
      } catch (err) {
        if (live) setError(errorText(err));
      }
    })();
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [api, recording.id]);
  const seek = (seconds: number): void => {
    if (audio.current) audio.current.currentTime = seconds;
    setPosition(seconds);
  };
  return (
    <section id="player" class="player" aria-label={`Recording of ${title}`}>
      <div class="page-head">
        <h3>{title}</h3>
        {loaded ? <a id="download" class="button" href={loaded.url} download={recording.file}>Download</a> : null}
        <button type="button" id="player-close" onClick={onClose}>Close</button>
      </div>
      {loaded ? (
        <>
          <audio ref={audio} id="player-audio" controls src={loaded.url} aria-label={`Audio of ${title}`}
            onTimeUpdate={(e) => setPosition(e.currentTarget.currentTime)} onEnded={(e) => setPosition(e.currentTarget.duration)} />
          <Timeline waveform={loaded.waveform} parties={recording.channel_parties} pausedSpans={recording.paused_spans} position={position} onSeek={seek} />
        </>
      ) : error ? null : <p class="dim" role="status">Loading the recording…</p>}
      <ErrorLine id="player-error" text={error} />
    </section>
  );
}
