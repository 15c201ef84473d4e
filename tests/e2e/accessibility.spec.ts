import AxeBuilder from '@axe-core/playwright';
import { test, expect } from './fixtures';

const SCREENS = ['setup', 'chains', 'certificates', 'manifest', 'troubleshoot', 'settings'] as const;

for (const theme of ['light', 'dark'] as const) {
  for (const screen of SCREENS) {
    test(`${screen} (${theme}) has no serious or critical accessibility violations`, async ({ app }) => {
      await app.evaluate((value) => window.api.updateSettings({ theme: value }), theme);
      await app.reload();
      await expect(app.locator('html')).toHaveAttribute('data-theme', theme);
      await app.getByTestId(`nav-${screen}`).click();
      await expect(app.getByTestId(`screen-${screen}`)).toBeVisible();
      // Fluent's keyboard navigation (tabster) adds hidden focus sentinels, <i data-tabster-dummy>, that
      // hand focus on at once; axe cannot know that, so they are left out of the scan.
      const results = await new AxeBuilder({ page: app }).exclude('[data-tabster-dummy]').analyze();
      const blocking = results.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`);
      expect(blocking).toEqual([]);
    });
  }
}
