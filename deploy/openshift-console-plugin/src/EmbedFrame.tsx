import * as React from 'react';

type Props = { src: string; title: string; minHeight?: number };

/**
 * SparkTuner's chrome-less view in a frame that grows with its content: the view posts
 * { type: "sparktuner:height", height } (wwwroot/js/embed.js), so the tab has no inner scrollbar.
 */
export const EmbedFrame: React.FC<Props> = ({ src, title, minHeight = 400 }) => {
  const ref = React.useRef<HTMLIFrameElement>(null);
  const [height, setHeight] = React.useState(minHeight);
  React.useEffect(() => {
    const onMessage = (e: MessageEvent) => {
      // Only our own frame's messages, from the console's origin (the proxy serves the view there).
      if (e.source !== ref.current?.contentWindow || e.origin !== window.location.origin) return;
      if (e.data?.type === 'sparktuner:height' && typeof e.data.height === 'number' && e.data.height > 0) {
        setHeight(Math.ceil(e.data.height));
      }
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  return (
    <iframe
      ref={ref}
      src={src}
      title={title}
      data-testid="sparktuner-frame"
      style={{ display: 'block', width: '100%', height: `${height}px`, border: 0 }}
    />
  );
};
