import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core'
import type { ConstraintOp } from '../../api/types'
import { COMMON_PARAMETERS, PARAM_HINTS, isConstraintParam, newConstraintRow, opsFor, type ConstraintRow } from './constraints'

const PARAM_OPTIONS = Object.entries(COMMON_PARAMETERS).map(([name, type]) => ({
  value: name,
  label: `${name}${PARAM_HINTS[name] ? ` (${PARAM_HINTS[name]})` : type === 'string' ? ' (text)' : ''}`,
}))

export function ConstraintsEditor({
  rows,
  onChange,
  errors,
}: {
  rows: ConstraintRow[]
  onChange: (rows: ConstraintRow[]) => void
  errors: Record<string, string>
}) {
  const update = (index: number, patch: Partial<ConstraintRow>) =>
    onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)))

  return (
    <Stack gap="xs" data-testid="constraints-editor">
      <Group justify="space-between">
        <Text size="sm" fw={500}>
          Constraints{' '}
          <Text span c="dimmed" size="xs">
            (optional; all must match; datasets without the parameter are skipped)
          </Text>
        </Text>
        <Button
          size="compact-xs"
          variant="light"
          onClick={() => onChange([...rows, newConstraintRow()])}
          data-testid="add-constraint"
        >
          + Add constraint
        </Button>
      </Group>
      {rows.length === 0 && (
        <Text size="xs" c="dimmed">
          No constraints.
        </Text>
      )}
      {rows.map((row, index) => {
        const ops = opsFor(row.param)
        const isNumber = isConstraintParam(row.param) && COMMON_PARAMETERS[row.param] === 'number'
        return (
          <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap" data-testid={`constraint-${index}`}>
            <Select
              aria-label="Parameter"
              placeholder="parameter"
              data={PARAM_OPTIONS}
              value={row.param || null}
              onChange={(param) => {
                const next = param ?? ''
                const allowed = opsFor(next).map((o) => o.value)
                update(index, { param: next, op: allowed.includes(row.op) ? row.op : 'eq' })
              }}
              error={errors[`constraints.${index}.param`]}
              searchable
              style={{ flex: 2 }}
              data-testid={`constraint-${index}-param`}
              comboboxProps={{ withinPortal: true }}
            />
            <Select
              aria-label="Operator"
              data={ops.map((o) => ({ value: o.value, label: o.label }))}
              value={row.op}
              allowDeselect={false}
              onChange={(op) => op && update(index, { op: op as ConstraintOp })}
              error={errors[`constraints.${index}.op`]}
              w={110}
              data-testid={`constraint-${index}-op`}
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              aria-label={row.op === 'between' ? 'Low value' : 'Value'}
              placeholder={row.op === 'like' ? 'pattern, % and _ wildcards' : row.op === 'between' ? 'low' : 'value'}
              value={row.value}
              onChange={(e) => update(index, { value: e.currentTarget.value })}
              error={errors[`constraints.${index}.value`]}
              inputMode={isNumber ? 'decimal' : undefined}
              style={{ flex: 2 }}
              data-testid={`constraint-${index}-value`}
            />
            {row.op === 'between' && (
              <TextInput
                aria-label="High value"
                placeholder="high"
                value={row.high}
                onChange={(e) => update(index, { high: e.currentTarget.value })}
                error={errors[`constraints.${index}.high`]}
                inputMode="decimal"
                style={{ flex: 2 }}
                data-testid={`constraint-${index}-high`}
              />
            )}
            <ActionIcon
              variant="subtle"
              color="red"
              mt={4}
              aria-label="Remove constraint"
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ✕
            </ActionIcon>
          </Group>
        )
      })}
    </Stack>
  )
}
