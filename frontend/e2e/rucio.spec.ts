import { expect, test, type Page } from '@playwright/test'

import { clearBasket } from './helpers.ts'

/**
 * The Rucio data lake against a real Rucio server (tests/e2e/run-e2e.sh): the dataset `rucio-lake`
 * (archive `escape-datalake`, service account) with the staging destination `compute-near`
 * ("Disk next to the compute cluster"); mock-transfer daemons bring the rules to OK.
 *
 * Journey: sign in → DID search `user.*:*calib*` (datasets) → the DID page of
 * user.alice:alice_calib_flats_2024 (4 files flat_…, replicas on SITE-A-DISK) → alice's dataset
 * (from its page) and bob's (from the results) into the basket → "Stage…" from the basket to
 * compute-near → the staging page reaches "done" with every progress bar at 100 %.
 *
 * Re-runs: the rules of a previous run may still exist; they are then reused and OK at once.
 */
const username = process.env.E2E_ADMIN_USER ?? process.env.DJANGO_SUPERUSER_USERNAME
const password = process.env.E2E_ADMIN_PASSWORD ?? process.env.DJANGO_SUPERUSER_PASSWORD
if (!username || !password) throw new Error('set E2E_ADMIN_USER/E2E_ADMIN_PASSWORD or DJANGO_SUPERUSER_USERNAME/DJANGO_SUPERUSER_PASSWORD')

const DATASET = 'rucio-lake'
const ALICE = 'user.alice:alice_calib_flats_2024'
const BOB = 'user.bob:bob_calib_bias'
const DESTINATION = 'Disk next to the compute cluster'

async function signIn(page: Page) {
  await page.goto('/search')
  await page.getByTestId('sign-in').click()
  await expect(page).toHaveURL(/\/login/)
  await page.getByTestId('login-username').fill(username!)
  await page.getByTestId('login-password').fill(password!)
  await page.getByTestId('login-submit').click()
  await expect(page.getByTestId('user-menu')).toBeVisible()
}

test('data lake: find DIDs, inspect one, basket, stage to the compute cluster until done', async ({ page }) => {
  test.setTimeout(180_000)
  await signIn(page)
  await clearBasket(page)

  // DID search on the data lake.
  // Only the service-account dataset (rucio-lake-user acts as the signed-in user's OIDC identity).
  await page.goto(`/search?datasets=${DATASET}`)
  await page.getByTestId('tab-rucio').click()
  await expect(page.getByTestId(`pick-dataset-${DATASET}`)).toBeChecked()
  await page.getByTestId('rucio-pattern').fill('user.*:*calib*')
  await page.getByTestId('rucio-type').click()
  await page.getByRole('option', { name: 'Datasets', exact: true }).click()
  await page.getByTestId('rucio-submit').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  const chip = page.getByTestId(`status-chip-${DATASET}`)
  await expect(chip).toHaveAttribute('data-status', 'ok')
  await page.getByTestId(`results-tab-${DATASET}`).click()
  const view = page.getByTestId(`results-view-${DATASET}`)
  const aliceRow = view.getByTestId('result-row').filter({ hasText: ALICE })
  const bobRow = view.getByTestId('result-row').filter({ hasText: BOB })
  await expect(aliceRow).toHaveCount(1)
  await expect(bobRow).toHaveCount(1)
  const resultsUrl = page.url()

  // Bob's dataset into the basket from the results (a rucio_did item).
  await bobRow.getByTestId('select-row').check()
  await page.getByTestId('basket-add-selected').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('1 item added to your basket.')

  // Alice's dataset: its page, files and replicas; into the basket from there.
  await aliceRow.getByTestId('row-link').click()
  await expect(page).toHaveURL(/\/rucio\/rucio-lake\/did\/user\.alice\/alice_calib_flats_2024/)
  await expect(page.getByTestId('did-title')).toHaveText(ALICE)
  await expect(page.getByTestId('did-type')).toContainText(/dataset/i)
  await page.getByTestId('did-tab-files').click()
  const files = page.getByTestId('did-file-row')
  await expect(files).toHaveCount(4)
  // Seeded names: <dataset>.flat_NNNN.fits
  for (const name of await files.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name') ?? ''))) {
    expect(name).toMatch(/(^|\.)flat_\d+/)
  }
  await page.getByTestId('did-tab-replicas').click()
  await expect(page.locator('[data-testid="did-rse"][data-rse="SITE-A-DISK"]')).toHaveAttribute('data-state', 'complete')
  await expect(page.locator('[data-testid="did-file-replica"][data-rse="SITE-A-DISK"]').first()).toBeVisible()
  await expect(page.getByTestId('did-replica-row')).toHaveCount(4)
  await page.getByTestId('did-add-to-basket').click()
  await expect(page.getByTestId('basket-added').last()).toContainText('1 item added to your basket.')
  await expect(page.getByTestId('basket-count')).toHaveText('2')

  // The results page still links back (the DID page is a normal SPA route).
  await page.goto(resultsUrl)
  await expect(page.getByTestId(`status-chip-${DATASET}`)).toBeVisible()

  // Stage both from the basket.
  await page.goto('/basket')
  const items = page.getByTestId('basket-item-rucio-did')
  await expect(items).toHaveCount(2)
  await expect(page.getByTestId('basket-stage')).toHaveText('Stage… (2)')
  await page.getByTestId('basket-stage').click()
  await expect(page.getByTestId('stage-summary')).toContainText('2 DIDs')
  await page.getByTestId('stage-destination').click()
  await page.getByRole('option', { name: new RegExp(DESTINATION) }).click()
  await page.getByTestId('stage-submit').click()
  await expect(page).toHaveURL(/\/staging\/[0-9a-f-]{36}$/)
  const requestId = page.url().split('/staging/')[1]

  // The page refreshes itself every 2 s until the rules are OK.
  await expect(page.getByTestId('staging-state')).toHaveAttribute('data-state', 'done', { timeout: 60_000 })
  await expect(page.getByTestId('staging-progress')).toHaveAttribute('data-value', '100')
  await expect(page.getByTestId('staging-progress-percent')).toHaveText('100 %')
  const staged = page.getByTestId('staging-item')
  await expect(staged).toHaveCount(2)
  for (const did of [ALICE, BOB]) {
    const item = page.locator(`[data-testid="staging-item"][data-did="${did}"]`)
    await expect(item.getByTestId('staging-item-rule-state')).toHaveText('OK')
    await expect(item.getByTestId('staging-item-progress')).toHaveAttribute('data-value', '100')
  }
  await expect(page.getByTestId('staging-done')).toContainText(DESTINATION)

  // The list of own requests has it, done, newest first.
  await page.getByTestId('nav-staging').click()
  await expect(page).toHaveURL(/\/staging$/)
  const row = page.getByTestId('staging-row').first()
  await expect(row).toHaveAttribute('data-id', requestId)
  await expect(row).toHaveAttribute('data-state', 'done')
  await expect(row.getByTestId('staging-row-progress')).toHaveAttribute('data-value', '100')
})
