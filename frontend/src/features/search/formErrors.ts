import { ApiError, errorMessage } from '../../api/client'

export type FormErrors = Record<string, string>

/**
 * Normalise an API error field path to the form's key:
 * `cone.ra` → `ra`, `constraints[2].value` → `constraints.2.value`, `datasets[0]` → `datasets`.
 */
export function formKeyForApiField(field: string): string {
  const path = field.replace(/\[(\d+)\]/g, '.$1')
  if (path.startsWith('cone.')) return path.slice('cone.'.length)
  if (path === 'cone') return 'cone'
  if (path.startsWith('datasets')) return 'datasets'
  const constraint = path.match(/^constraints\.(\d+)(?:\.(\w+))?/)
  if (constraint) return `constraints.${constraint[1]}.${constraint[2] ?? 'value'}`
  return path
}

/**
 * Split an API error into errors for known fields and a general message.
 * Errors about fields the form does not show become the general message (prefixed by the field).
 */
export function apiErrorToFormErrors(
  error: unknown,
  isKnownKey: (key: string) => boolean,
): { fields: FormErrors; general: string | null } {
  if (error instanceof ApiError && error.field) {
    const key = formKeyForApiField(error.field)
    if (isKnownKey(key)) return { fields: { [key]: error.message }, general: null }
    return { fields: {}, general: `${error.field}: ${error.message}` }
  }
  return { fields: {}, general: errorMessage(error) }
}
