import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { run } from '../../test/fixtures'
import { renderPlain } from '../../test/utils'
import { StatusChips } from './StatusChips'

describe('StatusChips', () => {
  const runs = [
    run('dachs-cat', { status: 'ok', row_count: 29, elapsed_ms: 120 }),
    run('dachs-sia', { status: 'running', row_count: 0, elapsed_ms: null }),
    run('big', { status: 'overflow', row_count: 1000, overflow: true }),
    run('broken-refused', {
      status: 'error',
      row_count: 0,
      error: { code: 'archive_unreachable', message: 'Connection refused by 127.0.0.1:28099' },
    }),
    run('dachs-scs', { status: 'not_applicable', row_count: 0 }),
  ]

  it('renders one chip per run with status, rows and elapsed time', () => {
    renderPlain(<StatusChips runs={runs} />)
    const ok = screen.getByTestId('status-chip-dachs-cat')
    expect(ok).toHaveAttribute('data-status', 'ok')
    expect(ok).toHaveTextContent('DACHS-CAT')
    expect(ok).toHaveTextContent('29 rows')
    expect(ok).toHaveTextContent('120 ms')
    expect(screen.getByTestId('status-chip-dachs-sia')).toHaveAttribute('data-status', 'running')
    expect(screen.getByTestId('status-chip-dachs-sia')).toHaveTextContent('running')
    expect(screen.getByTestId('status-chip-broken-refused')).toHaveAttribute('data-status', 'error')
    expect(screen.getByTestId('status-chip-dachs-scs')).toHaveTextContent('not applicable')
  })

  it('colours chips by status', () => {
    renderPlain(<StatusChips runs={runs} />)
    const colour = (slug: string) => screen.getByTestId(`status-chip-${slug}`).getAttribute('style') ?? ''
    expect(colour('dachs-cat')).toContain('green')
    expect(colour('broken-refused')).toContain('red')
    expect(colour('big')).toContain('yellow')
    expect(colour('dachs-sia')).toContain('blue')
  })

  it('flags overflow and shows the error message when a chip is expanded', async () => {
    const user = userEvent.setup()
    renderPlain(<StatusChips runs={runs} />)
    expect(screen.getByTestId('status-chip-big')).toHaveTextContent('1000+ rows')
    expect(screen.getByTestId('overflow-note-big')).toHaveTextContent('more rows exist: export for the full result')
    expect(screen.queryByTestId('overflow-note-dachs-cat')).toBeNull()

    await user.click(screen.getByTestId('status-chip-broken-refused'))
    expect(screen.getByTestId('status-error-message')).toHaveTextContent('Connection refused by 127.0.0.1:28099')
    expect(screen.getByTestId('status-chip-broken-refused')).toHaveAttribute('aria-expanded', 'true')

    await user.click(screen.getByTestId('status-chip-big'))
    expect(screen.getByTestId('status-overflow-message')).toHaveTextContent(
      'More rows exist: export for the full result — only the first 1000 rows (the row limit) are kept here.',
    )
  })

  it('updates when a run finishes', () => {
    const { rerender } = renderPlain(<StatusChips runs={[run('dachs-cat', { status: 'pending', row_count: 0 })]} />)
    expect(screen.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'pending')
    rerender(<StatusChips runs={[run('dachs-cat', { status: 'ok', row_count: 29 })]} />)
    expect(screen.getByTestId('status-chip-dachs-cat')).toHaveAttribute('data-status', 'ok')
    expect(screen.getByTestId('status-chip-dachs-cat')).toHaveTextContent('29 rows')
  })
})
