import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'

/**
 * A button that asks first: a dialog with `message` and a confirm button (`confirmLabel`), which
 * calls `onConfirm`. `testId` names the button; the dialog's confirm is `${testId}-confirm`.
 */
export function ConfirmButton({
  children,
  title,
  message,
  confirmLabel,
  onConfirm,
  testId,
  loading,
  ...buttonProps
}: Omit<ButtonProps, 'children' | 'onClick'> & {
  children: ReactNode
  title: string
  message: ReactNode
  confirmLabel: string
  onConfirm: () => void
  testId: string
}) {
  const [opened, { open, close }] = useDisclosure(false)
  return (
    <>
      <Button {...buttonProps} loading={loading} onClick={open} data-testid={testId}>
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={title} centered data-testid={`${testId}-dialog`}>
        <Text size="sm">{message}</Text>
        <Group justify="flex-end" mt="lg" gap="xs">
          <Button variant="default" onClick={close} data-testid={`${testId}-cancel`}>
            Cancel
          </Button>
          <Button
            color="red"
            onClick={() => {
              close()
              onConfirm()
            }}
            data-testid={`${testId}-confirm`}
          >
            {confirmLabel}
          </Button>
        </Group>
      </Modal>
    </>
  )
}
