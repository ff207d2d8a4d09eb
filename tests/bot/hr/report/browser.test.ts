/** The process's one report browser (real Chromium): launched on the first report, reused, closed on shutdown. */
import { launchReportBrowser, sharedReportBrowser } from '../../../../bot/hr/report/browser';

it('launches Chromium once for many reports, and again after it was closed', async () => {
  let launches = 0;
  const browser = sharedReportBrowser(() => {
    launches += 1;
    return launchReportBrowser();
  });
  const [first, second] = await Promise.all([browser.context(), browser.context()]);
  expect(first).not.toBeNull();
  expect(second).toBe(first);
  const page = await first!.newPage();
  await page.setContent('<p>rapportage</p>');
  expect(await page.textContent('p')).toBe('rapportage');
  await page.close();
  expect(await browser.context()).toBe(first);
  expect(launches).toBe(1);
  await browser.close();
  const again = await browser.context();
  expect(again).not.toBe(first);
  expect(launches).toBe(2);
  await browser.close();
}, 60_000);
