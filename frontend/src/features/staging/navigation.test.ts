import { describe, expect, it } from 'vitest'
import { visibleNavItems } from '../../app/navigation'

describe('Staging navigation', () => {
  it('is shown to signed-in users only', () => {
    expect(visibleNavItems(true).map((i) => i.testId)).toContain('nav-staging')
    expect(visibleNavItems(false).map((i) => i.testId)).not.toContain('nav-staging')
    expect(visibleNavItems(false).map((i) => i.testId)).toContain('nav-search')
  })
})
