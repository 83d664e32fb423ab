// The web pages the launcher links to. The launcher window opens nothing else: a link to one of
// these goes to the system browser, any other is denied.

/** Every page a launcher link may open, by what it is. */
export const EXTERNAL_LINKS = {
  /** The Lightsail for Research console, where virtual computers are created. */
  console: 'https://lightsail.aws.amazon.com/ls/research/home',
  /** IAM Identity Center: what a start URL is, for the demo's advice. */
  identityCenter: 'https://docs.aws.amazon.com/singlesignon/latest/userguide/howtosignin.html',
} as const;

/** Whether a URL is exactly one of the launcher's links. */
export function isExternalLink(url: string): boolean {
  return (Object.values(EXTERNAL_LINKS) as string[]).includes(url);
}
