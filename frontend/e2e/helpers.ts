import { expect, type Page } from '@playwright/test'

/** Shared steps of the account specs. Data: cone (155, 0, 0.5°) on dachs-cat → 29 rows. */
export const CONE_ROWS = 29

/** Empty the signed-in user's basket (it persists between runs). */
export async function clearBasket(page: Page) {
  await page.goto('/basket')
  await expect(page.getByTestId('basket-table').or(page.getByTestId('basket-empty'))).toBeVisible()
  if (await page.getByTestId('basket-table').isVisible()) {
    await page.getByTestId('basket-clear').click()
    await page.getByTestId('basket-clear-confirm').click()
    await expect(page.getByTestId('basket-empty')).toBeVisible()
  }
  await expect(page.getByTestId('basket-count')).toHaveText('0')
}

/** Cone search 155, 0, 0.5° on dachs-cat only; opens its tab. Returns the search id. */
export async function coneSearchOnCatalogue(page: Page): Promise<string> {
  await page.goto('/search?datasets=dachs-cat')
  await expect(page.getByTestId('pick-dataset-dachs-cat')).toBeChecked()
  await page.getByTestId('input-ra').fill('155')
  await page.getByTestId('input-dec').fill('0')
  await page.getByTestId('input-radius').fill('0.5')
  await page.getByTestId('submit-search').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  const id = page.url().split('/searches/')[1]
  await expect(page.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-rows', String(CONE_ROWS))
  await page.getByTestId('results-tab-dachs-cat').click()
  await expect(page.getByTestId('results-view-dachs-cat').getByTestId('result-row').first()).toBeVisible()
  return id
}

export async function selectRows(page: Page, count: number) {
  const rows = page.getByTestId('results-view-dachs-cat').getByTestId('result-row')
  for (let i = 0; i < count; i += 1) await rows.nth(i).getByTestId('select-row').check()
  await expect(page.getByTestId('basket-add-selected')).toHaveText(`Add selected to basket (${count})`)
}

