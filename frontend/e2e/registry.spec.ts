import { expect, test } from '@playwright/test'

test('registry search finds the local services; import needs staff', async ({ page }) => {
  await page.goto('/registry')
  await page.getByTestId('registry-keyword').fill('tapstudy')
  await page.getByTestId('registry-submit').click()
  await expect(page).toHaveURL(/keyword=tapstudy/)
  const table = page.getByTestId('registry-table')
  await expect(table).toBeVisible()
  await expect(table).toContainText('127.0.0.1:28080')
  await page.getByTestId('import-button').first().click()
  // Anonymous users are not staff: the API's 403 message is shown.
  await expect(page.getByTestId('import-error').first()).toBeVisible()
  await expect(page.getByTestId('import-error').first()).not.toBeEmpty()
})
