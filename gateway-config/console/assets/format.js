/** Turns the API's sessions and history events into words a person would write. */
import { EVENTS, REASONS } from './labels.js';

const DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
const DATE_TIME_THIS_YEAR = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const FULL_DATE_TIME = new Intl.DateTimeFormat('en-GB', { dateStyle: 'full', timeStyle: 'long' });
const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const DEVICE_TYPES = ['Computer', 'Tablet', 'Smartphone'];

/** `Computer`, `Tablet`, `Smartphone` or `Unknown`. */
export function deviceType(device) {
  return DEVICE_TYPES.includes(device?.type) ? device.type : 'Unknown';
}

/** "Windows 10", "macOS", or null when the system is unknown. */
export function operatingSystem(device) {
  if (!device?.os || device.os === 'Unknown') return null;
  return device.osVersion ? `${device.os} ${device.osVersion}` : device.os;
}

/** "Chrome 120", "Firefox", or "Unknown browser". */
export function browser(device) {
  if (!device?.browser || device.browser === 'Unknown') return 'Unknown browser';
  const major = String(device.browserVersion ?? '').split('.')[0];
  return major ? `${device.browser} ${major}` : device.browser;
}

/** "Chrome on Windows", "Safari on iOS", "Unknown device". */
export function deviceSummary(device) {
  const hasBrowser = device?.browser && device.browser !== 'Unknown';
  const hasOs = device?.os && device.os !== 'Unknown';
  if (hasBrowser && hasOs) return `${device.browser} on ${device.os}`;
  if (hasBrowser) return device.browser;
  if (hasOs) return device.os;
  return 'Unknown device';
}

/** "Chrome on Windows (81.2.69.142, London, United Kingdom)": a session in one line, for confirmations. */
export function describeSession(session) {
  const details = [session.ipAddress, session.location ? place(session.location) : null].filter(Boolean);
  return details.length ? `${deviceSummary(session.device)} (${details.join(', ')})` : deviceSummary(session.device);
}

/** "London, United Kingdom", "United Kingdom" or "Unknown location". */
export function place(location) {
  if (!location?.country && !location?.countryCode) return 'Unknown location';
  const country = location.country || location.countryCode;
  return location.city ? `${location.city}, ${country}` : country;
}

/** "22 Nov, 09:15" this year, "22 Nov 2025, 09:15" before, in the browser's time zone. */
export function dateTime(iso, now = new Date()) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (date.getFullYear() === now.getFullYear() ? DATE_TIME_THIS_YEAR : DATE_TIME).format(date);
}

/** "Sunday 22 November 2026 at 09:15:00 GMT": for tooltips. */
export function fullDateTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '' : FULL_DATE_TIME.format(date);
}

/**
 * Relative to now: "in 14 minutes", "in 29 days", "3 hours ago". Whole units, rounded toward now, so a
 * deadline 14 min 59 s away reads "in 14 minutes" and a 30-day session a moment old "in 29 days".
 */
export function relative(iso, now = Date.now()) {
  const ms = new Date(iso).getTime() - now;
  if (Number.isNaN(ms)) return '';
  const abs = Math.abs(ms);
  const sign = ms < 0 ? -1 : 1;
  const units = [
    ['day', 86_400_000, 2 * 86_400_000],
    ['hour', 3_600_000, 2 * 3_600_000],
    ['minute', 60_000, 60_000],
  ];
  for (const [unit, size, from] of units) {
    if (abs >= from) return RELATIVE.format(sign * Math.floor(abs / size), unit);
  }
  return ms < 0 ? 'just now' : 'in less than a minute';
}

/** The sentence for a history event, e.g. "Signed out by an administrator". */
export function eventSentence(event) {
  const known = EVENTS[event.type];
  if (!known) return 'Account event';
  if (event.type === 'ADDRESS_CHANGED') {
    const where = event.location ? ` (${place(event.location)})` : '';
    return `${known.label}: ${event.ipAddress ?? 'unknown'}${where}`;
  }
  return REASONS[event.reason]?.label ?? known.label;
}

/** The icon key and tone for a history event; an ending detected as an attack reads as danger. */
export function eventLook(event) {
  const known = EVENTS[event.type];
  if (!known) return { icon: 'Unknown', tone: 'neutral' };
  return { icon: known.icon, tone: REASONS[event.reason]?.kind === 'SECURITY' ? 'danger' : known.tone };
}

/** "Signed out of 3 other sessions" style counts. */
export function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}
