/**
 * `new Date(ms).toISOString()`, computed: the first toISOString of a process costs ≈ 1 ms (V8 sets up its
 * date formatting on first use), a noticeable part of a one-shot `status --json`. Years 0000–9999 are
 * computed (days to a civil date, H. Hinnant's algorithm); any other value — and a value that is not a
 * time, which throws RangeError — goes to Date itself. test/unit/iso-time.test.ts holds it to Date.
 */
const DAY = 86_400_000;
/** 10000-01-01T00:00:00.000Z: the first instant with a six-digit year. */
const YEAR_10000 = 253_402_300_800_000;

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

export function isoTime(ms: number): string {
  const t = Math.trunc(ms); // Date's TimeClip: toward zero, so 1.9 and -0.5 name the same ms as Date does
  if (!(t >= -62_167_219_200_000 && t < YEAR_10000)) return new Date(ms).toISOString();
  const days = Math.floor(t / DAY);
  const inDay = t - days * DAY;
  // civil_from_days: eras of 400 years from 0000-03-01
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const s = Math.floor(inDay / 1000) % 60;
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}.${pad(inDay % 1000, 3)}Z`;
}
