/**
 * The wizard's device-identity step: the exact SAN value to paste in Intune, and "Check a device
 * certificate" on endpoint certificates made by OpenSSL with good and bad URIs (a password-protected
 * .pfx, a .p7b), against ISE's trusted certificates loaded from an export; English and Spanish.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { DEVICE_GUID, DEVICE_SID, createDeviceCertificates, type DeviceCertificates } from '../support/pki';
import { test, expect } from './fixtures';

let dir: string;
let certs: DeviceCertificates;

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ise-intune-e2e-device-'));
  certs = await createDeviceCertificates(join(dir, 'device'));
});

test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function openDeviceStep(app: Page): Promise<void> {
  await app.getByTestId('step-link-device').click();
  await expect(app.getByTestId('step-device')).toBeVisible();
}

test('the device step gives the SAN value and checks a device certificate from a .pfx and a .p7b', async ({ app, bridge }) => {
  await bridge.handlers.createDeployment({ name: 'Devices' });
  await app.reload();
  await openDeviceStep(app);
  // It comes right after the MDM form.
  await expect(app.getByTestId('step-link-mdm').locator('xpath=ancestor::li/following-sibling::li[1]').getByTestId('step-link-device')).toBeVisible();
  await expect(app.getByTestId('device-san-value')).toHaveText('ID:Microsoft Endpoint Manager:GUID:{{DeviceId}}');
  await expect(app.getByTestId('step-device')).toContainText('Attribute: URI');
  await expect(app.getByTestId('step-check')).toContainText('Open a certificate issued to one of your endpoints');

  // A .pfx asks for its password, then the check: GUID, client auth, valid, issuer unknown (no store), FN74227.
  bridge.dialogs.answerOpenFiles([certs.files.goodPfx]);
  await app.getByTestId('device-check').click();
  await app.getByTestId('device-password').fill(certs.files.password);
  await app.getByTestId('device-unlock').click();
  const result = app.getByTestId('device-result');
  await expect(result).toContainText('good.devices.example.test');
  await expect(app.getByTestId('device-deviceId')).toHaveAttribute('data-verdict', 'good');
  await expect(app.getByTestId('device-deviceId')).toContainText(DEVICE_GUID);
  await expect(app.getByTestId('device-clientAuth')).toHaveAttribute('data-verdict', 'good');
  await expect(app.getByTestId('device-validity')).toHaveAttribute('data-verdict', 'good');
  await expect(app.getByTestId('device-issuer')).toHaveAttribute('data-verdict', 'warn');
  await expect(app.getByTestId('device-sid')).toContainText(DEVICE_SID);
  await expect(app.getByTestId('device-sid')).toContainText('3.1 Patch 10, 3.2 Patch 7, 3.3 Patch 4, 3.4 Patch 1');
  await expect(app.getByTestId('step-check')).toContainText(`carries the Intune device ID ${DEVICE_GUID}`);

  // ISE's trusted certificates without the issuer: the same certificate (as a .p7b) is not trusted.
  bridge.dialogs.answerOpenFiles([certs.otherCa.pemPath]);
  await bridge.handlers.loadIseTrustStore();
  bridge.dialogs.answerOpenFiles([certs.files.goodP7b]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-issuer')).toHaveAttribute('data-verdict', 'bad');
  await expect(app.getByTestId('device-issuer')).toContainText('not in ISE');
  await expect(app.getByTestId('step-check')).toContainText('does not give ISE what it needs yet');

  // With the issuing CA loaded, trusted; the wizard step can then be confirmed.
  bridge.dialogs.answerOpenFiles([certs.ca.pemPath]);
  await bridge.handlers.loadIseTrustStore();
  bridge.dialogs.answerOpenFiles([certs.files.goodP7b]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-issuer')).toHaveAttribute('data-verdict', 'good');
  await app.getByTestId('confirm-done').click();
  await expect(app.getByTestId('step-link-device')).toHaveAttribute('data-state', 'done');
});

test('bad URIs are explained, in English and in Spanish', async ({ app, bridge }) => {
  await bridge.handlers.createDeployment({ name: 'Bad URIs' });
  await app.reload();
  await openDeviceStep(app);
  bridge.dialogs.answerOpenFiles([certs.noUri.pemPath]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-deviceId')).toHaveAttribute('data-verdict', 'bad');
  await expect(app.getByTestId('device-deviceId')).toContainText('no URI in its subject alternative name');

  bridge.dialogs.answerOpenFiles([certs.wrongPrefix.pemPath]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-deviceId')).toContainText(`IntuneDeviceId:${DEVICE_GUID}`);

  bridge.dialogs.answerOpenFiles([certs.serverAuthOnly.derPath]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-clientAuth')).toHaveAttribute('data-verdict', 'bad');

  await app.evaluate(() => window.api.updateSettings({ language: 'es' }));
  await app.reload();
  await openDeviceStep(app);
  await expect(app.getByRole('heading', { level: 2, name: 'Identidad del dispositivo (GUID de Intune)' })).toBeVisible();
  bridge.dialogs.answerOpenFiles([certs.templateLeft.pemPath]);
  await app.getByTestId('device-check').click();
  await expect(app.getByTestId('device-deviceId')).toContainText('empieza bien pero no lleva detrás un identificador de dispositivo');
  await expect(app.getByTestId('device-deviceId')).toContainText('{{DeviceId}}');
  await expect(app.locator('main')).not.toContainText(/\bsetup\.device\./);
});

test('the Certificates screen shows the Intune device ID and the URI entries of a device certificate', async ({ app, bridge }) => {
  await app.getByTestId('nav-certificates').click();
  bridge.dialogs.answerOpenFiles([certs.good.pemPath]);
  await app.getByTestId('open-files').click();
  await app.getByTestId('cert-row').filter({ hasText: 'good.devices.example.test' }).click();
  const details = app.getByTestId('cert-details');
  await expect(details).toContainText('Intune device ID (MDM API v3)');
  await expect(details).toContainText(DEVICE_GUID);
  await expect(details).toContainText(`URI:ID:Microsoft Endpoint Manager:GUID:${DEVICE_GUID}`);
});
