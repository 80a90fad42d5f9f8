// How many billed parts an SMS costs, as the server counts them (delivery/sms_segments.h,
// 3GPP TS 23.038/23.040): 160 GSM-7 septets in one part or 153 a part when concatenated (the
// extension characters take two); any other character makes the whole text UCS-2, 70 UTF-16
// units in one part or 67 a part.
const GSM_BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const GSM_EXTENSION = new Set([...'^{}\\[~]|€\f']);

export interface SmsParts { encoding: 'gsm7' | 'ucs2'; units: number; parts: number; perPart: number }

const partsOf = (units: number, single: number, concatenated: number) =>
  (units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / concatenated));

export function smsParts(text: string): SmsParts {
  let septets = 0;
  let gsm = true;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENSION.has(ch)) septets += 2;
    else gsm = false;
  }
  if (gsm) {
    const parts = partsOf(septets, 160, 153);
    return { encoding: 'gsm7', units: septets, parts, perPart: parts > 1 ? 153 : 160 };
  }
  const units = text.length;  // UTF-16 code units: a character beyond the BMP takes two
  const parts = partsOf(units, 70, 67);
  return { encoding: 'ucs2', units, parts, perPart: parts > 1 ? 67 : 70 };
}
