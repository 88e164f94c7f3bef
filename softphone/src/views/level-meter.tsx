// An audio level meter (0..1) that reads `read()` five times a second while `running`; 0
// otherwise. Its own state, so the level does not re-render the call panel.
import { useEffect, useRef, useState } from 'preact/hooks';

const EVERY_MS = 200;

export interface LevelMeterProps {
  id: string;
  label: string;
  running: boolean;
  read(): number;
}

export function LevelMeter({ id, label, running, read }: LevelMeterProps) {
  const [level, setLevel] = useState(0);
  const reader = useRef(read);
  reader.current = read;
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => setLevel(reader.current()), EVERY_MS);
    return () => {
      window.clearInterval(timer);
      setLevel(0);
    };
  }, [running]);
  return <meter id={id} min={0} max={1} value={level} aria-label={label} />;
}
