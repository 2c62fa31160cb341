import { expect, test } from '@playwright/test'

test('ADQL tab: TAP_SCHEMA browser shows tapstudy.cat columns, click inserts, query runs', async ({ page }) => {
  await page.goto('/search')
  await page.getByTestId('tab-adql').click()
  await expect(page).toHaveURL(/tab=adql/)

  await page.getByTestId('adql-dataset').click()
  await page.getByRole('option', { name: /Synthetic catalogue \(5,000 sources\)/ }).click()

  const table = page.getByTestId('schema-table-tapstudy.cat')
  await expect(table).toBeVisible()
  await page.getByTestId('schema-table-toggle-tapstudy.cat').click()
  for (const column of ['ra', 'dec', 'mag', 'name']) {
    await expect(table.locator(`[data-testid="schema-column"][data-column="${column}"]`)).toBeVisible()
  }

  const text = page.getByTestId('adql-text')
  await expect(text).toHaveValue(/FROM tapstudy\.cat/)
  await text.fill('SELECT TOP 5 ')
  await table.getByTestId('insert-column-mag').click()
  await expect(text).toHaveValue('SELECT TOP 5 mag')
  await text.press('End')
  await text.pressSequentially(', name FROM tapstudy.cat ORDER BY mag')

  await page.getByTestId('submit-adql').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  const chip = page.getByTestId('status-chip-dachs-cat')
  await expect(chip).toHaveAttribute('data-status', 'ok')
  await expect(chip).toHaveAttribute('data-rows', '5')
})

test('ADQL errors from the archive are shown under the query, and a failed search can be edited', async ({ page }) => {
  await page.goto('/search?tab=adql&dataset=dachs-cat')
  await page.getByTestId('adql-text').fill('SELECT nosuchcolumn FROM tapstudy.cat')
  await page.getByTestId('submit-adql').click()
  // The run fails at the archive: the form stays, with the archive's message under the text area.
  const message = page.getByTestId('adql-run-error')
  await expect(message).toContainText('nosuchcolumn')
  await expect(page).toHaveURL(/\/search\?/)
  await expect(page.getByTestId('adql-text')).toHaveAttribute('aria-invalid', 'true')

  // The failed search itself links back to the form, filled in, with the same message.
  await page.getByTestId('adql-run-link').click()
  await expect(page).toHaveURL(/\/searches\/[0-9a-f-]{36}$/)
  await expect(page.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'error')
  await page.getByTestId('edit-query').click()
  await expect(page.getByTestId('adql-text')).toHaveValue('SELECT nosuchcolumn FROM tapstudy.cat')
  await expect(page.getByTestId('adql-run-error')).toContainText('nosuchcolumn')
})
