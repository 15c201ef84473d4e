import { test, expect } from './fixtures';

const AREAS = [
  ['setup', 'Guided setup'],
  ['chains', 'Certificate chains'],
  ['certificates', 'Certificates'],
  ['manifest', 'App manifest'],
  ['troubleshoot', 'Troubleshoot'],
  ['settings', 'Settings'],
] as const;

test('the left navigation reaches all six areas, each saying what it is for', async ({ app }) => {
  const nav = app.getByRole('navigation');
  for (const [id, heading] of AREAS) {
    await nav.getByTestId(`nav-${id}`).click();
    await expect(app.getByRole('heading', { level: 1 })).toHaveText(heading);
    await expect(app.getByTestId(`screen-${id}`)).toBeVisible();
  }
});

test('the navigation works from the keyboard', async ({ app }) => {
  await app.getByTestId('nav-setup').focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1 })).toHaveText('Certificate chains');
  // Round at the ends, and Home / End.
  await app.getByTestId('nav-setup').focus();
  await app.keyboard.press('ArrowUp');
  await expect(app.getByTestId('nav-settings')).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(app.getByTestId('nav-setup')).toBeFocused();
  await app.keyboard.press('End');
  await expect(app.getByTestId('nav-settings')).toBeFocused();
  await app.keyboard.press('Home');
  await expect(app.getByTestId('nav-setup')).toBeFocused();
});

test('the page carries the strict Content-Security-Policy', async ({ page, bridge }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') violations.push(message.text());
  });
  await page.goto(bridge.url);
  const response = await page.request.get(bridge.url);
  const csp = response.headers()['content-security-policy'] ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-eval');
  expect(csp).not.toMatch(/https?:\/\//);
  // An inline script is refused by the policy.
  const ran = await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  expect(violations.join('\n')).toContain('Content Security Policy');
});

test('the bridge refuses calls from another origin and unknown channels', async ({ app, bridge }) => {
  const foreign = await app.request.post(`${bridge.url}__api/getSettings`, {
    headers: { origin: 'http://evil.example' },
    data: [],
  });
  expect(foreign.status()).toBe(403);
  const unknown = await app.evaluate(async () => {
    const response = await fetch('__api/deleteEverything', { method: 'POST', body: '[]' });
    return response.json();
  });
  expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
});

test('the bridge answers only requests that carry its random token', async ({ app, bridge }) => {
  expect(bridge.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/[\w-]{32}\/$/);
  for (const path of ['/', '/index.html', '/__bridge.js', '/__events', `/${'x'.repeat(32)}/index.html`]) {
    expect((await app.request.get(`${bridge.origin}${path}`)).status(), path).toBe(403);
  }
  const guessed = await app.request.post(`${bridge.origin}/__api/getSettings`, { headers: { origin: bridge.origin }, data: [] });
  expect(guessed.status()).toBe(403);
  // The page itself carries the token on every request it makes.
  expect((await app.request.post(`${bridge.url}__api/getSettings`, { headers: { origin: bridge.origin }, data: [] })).status()).toBe(200);
});

test('when the app code cannot be loaded, the page says so instead of staying blank', async ({ page, bridge }) => {
  // A damaged install: the app's own code (React, Fluent, the shell: start-app.tsx's chunk) is missing.
  await page.route(/\/assets\/start-app-[^/]+\.js$/, (route) => route.fulfill({ status: 404, body: '' }));
  await page.goto(bridge.url);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('ISE Intune Assistant could not start / no se pudo iniciar');
  await expect(page.getByRole('navigation')).toHaveCount(0);
});

test('a screen whose code cannot be loaded says so in its place, the rest keeps working, and Try again loads it', async ({ page, bridge }) => {
  // A damaged install, or a file the network dropped: the Chains screen's chunk is missing.
  let missing = true;
  await page.route(/\/assets\/ChainsScreen-[^/]+\.js$/, (route) => (missing ? route.fulfill({ status: 404, body: '' }) : route.continue()));
  await page.goto(bridge.url);
  await page.getByTestId('nav-chains').click();
  const failed = page.getByTestId('part-failed');
  await expect(failed).toContainText('This part of the app could not be shown');
  await expect(page.getByRole('navigation')).toBeVisible();
  // The other screens still open.
  await page.getByTestId('nav-setup').click();
  await expect(page.getByTestId('screen-setup')).toBeVisible();
  await expect(failed).toHaveCount(0);
  await page.getByTestId('nav-chains').click();
  await expect(failed).toBeVisible();
  missing = false;
  await page.getByTestId('part-retry').click();
  await expect(page.getByTestId('screen-chains')).toBeVisible();
  await expect(failed).toHaveCount(0);
});


test('below 1100 px the navigation shows its icons only and they work; at 1280 px the step names show', async ({ app, bridge }) => {
  await bridge.handlers.createDeployment({ name: 'Widths' });
  await app.setViewportSize({ width: 1280, height: 820 });
  await app.reload();
  await expect(app.getByTestId('step-link-trust')).toContainText('1. Trust Microsoft in ISE');
  await expect(app.getByTestId('step-link-trust').getByText('1. Trust Microsoft in ISE')).toBeVisible();
  await expect(app.getByTestId('nav-chains').getByText('Chains')).toBeVisible();

  await app.setViewportSize({ width: 900, height: 820 });
  const nav = app.getByRole('navigation', { name: 'Main navigation' });
  await expect.poll(async () => (await nav.boundingBox())?.width ?? 0).toBeLessThan(80);
  await expect(app.getByTestId('nav-chains').getByText('Chains')).toBeHidden();
  // The icon is all there is to click.
  await app.getByTestId('nav-chains').locator('svg').click();
  await expect(app.getByTestId('screen-chains')).toBeVisible();
  await app.getByTestId('nav-setup').click();
  await expect(app.getByTestId('step-link-trust').getByText('1. Trust Microsoft in ISE')).toBeHidden();
  await app.getByTestId('step-link-trust').click();
  await expect(app.getByTestId('step-trust')).toBeVisible();
  await expect(app.getByTestId('step-trust')).toContainText('Step 1');
});
