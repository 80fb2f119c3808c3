// A QR code drawn in the page from a payload core built (the PIX BR Code).

import QRCode from "qrcode";
import { useEffect, useState } from "react";

export function QrImage({ payload, size, testId }: { payload: string; size: number; testId: string }) {
  const [source, setSource] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    // Level M, as the BR Code manual recommends for printed and on-screen codes.
    QRCode.toDataURL(payload, { errorCorrectionLevel: "M", margin: 1, width: size })
      .then((url) => current && setSource(url))
      .catch(() => current && setSource(null));
    return () => {
      current = false;
    };
  }, [payload, size]);
  if (source === null) return null;
  return <img src={source} width={size} height={size} alt="QR code" data-testid={testId} data-payload={payload} />;
}
