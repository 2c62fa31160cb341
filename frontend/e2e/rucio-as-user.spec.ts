import { expect, test } from '@playwright/test'

/**
 * The data lake acting as the user: sign in through the OpenID provider (alice / alice-pw on
 * 127.0.0.1:9400, which the local Rucio trusts), then search the dataset `rucio-lake-user`: ESAP
 * exchanges alice's token for one with audience `rucio`, and Rucio answers as its account `alice`.
 * Anonymous, the same dataset asks to sign in instead.
 */
const DATASET = 'rucio-lake-user'

async function didSearch(page: import('@playwright/test').Page, pattern: string) {
  await page.goto(`/search?datasets=${DATASET}`)
  await page.getByTestId('tab-rucio').click()
  await expect(page.getByTestId(`pick-dataset-${DATASET}`)).toBeChecked()
  await page.getByTestId('rucio-pattern').fill(pattern)
  await page.getByTestId('rucio-submit').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
}

test('data lake as the signed-in user: anonymous is asked to sign in, alice gets her DIDs', async ({ page }) => {
  await didSearch(page, 'user.alice:*calib*')
  const chip = page.getByTestId(`status-chip-${DATASET}`)
  await expect(chip).toHaveAttribute('data-status', 'error')
  await expect(chip).toContainText(/error/i)

  await page.goto('/search')
  await page.getByTestId('sign-in').click()
  await page.getByTestId('login-oidc').click()
  await expect(page).toHaveURL(/127\.0\.0\.1:9400\/interaction\//)
  await page.locator('#username').fill('alice')
  await page.locator('#password').fill('alice-pw')
  await page.locator('#submit').click()
  await expect(page.getByTestId('user-name')).toHaveText('Alice Tester')

  await didSearch(page, 'user.alice:*calib*')
  await expect(page.getByTestId(`status-chip-${DATASET}`)).toHaveAttribute('data-status', 'ok')
  await page.getByTestId(`results-tab-${DATASET}`).click()
  const rows = page.getByTestId(`results-view-${DATASET}`).getByTestId('result-row')
  const row = (did: string) => rows.filter({ has: page.getByTestId('row-link').getByText(did, { exact: true }) })
  await expect(row('user.alice:alice_calib_flats_2024')).toHaveCount(1)
  await expect(row('user.alice:alice_calib_container')).toHaveCount(1)
  await expect(rows.filter({ hasText: 'user.bob:' })).toHaveCount(0) // only her scope was asked

  // Her DID's page, read from Rucio with her own token.
  await row('user.alice:alice_calib_flats_2024').getByTestId('row-link').click()
  await expect(page).toHaveURL(new RegExp(`/rucio/${DATASET}/did/user\\.alice/alice_calib_flats_2024`))
  await expect(page.getByTestId('did-title')).toHaveText('user.alice:alice_calib_flats_2024')
})
