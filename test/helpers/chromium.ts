import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (no downloaded browsers), headless, with the background networking this
 * closed machine would refuse turned off. CHROMIUM_PATH overrides the binary.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
