import { Notification, Portal, Stack } from '@mantine/core'
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react'
import { NotifyContext, type Notify, type NotificationInput } from './notify'

interface Shown extends NotificationInput {
  id: number
}

/** Short-lived messages in the top-right corner (e.g. "3 added to the basket"). */
export function NotificationsProvider({ children }: { children: ReactNode }) {
  const [shown, setShown] = useState<Shown[]>([])
  const nextId = useRef(1)
  const timers = useRef(new Map<number, ReturnType<typeof setTimeout>>())

  const close = useCallback((id: number) => {
    setShown((list) => list.filter((n) => n.id !== id))
    const timer = timers.current.get(id)
    if (timer) clearTimeout(timer)
    timers.current.delete(id)
  }, [])

  const notify = useCallback<Notify>(
    (notification) => {
      const id = nextId.current++
      // At most 4 at a time: the oldest goes.
      setShown((list) => [...list.slice(-3), { ...notification, id }])
      const delay = notification.autoClose ?? 6000
      if (delay > 0) timers.current.set(id, setTimeout(() => close(id), delay))
    },
    [close],
  )

  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const timer of pending.values()) clearTimeout(timer)
      pending.clear()
    }
  }, [])

  return (
    <NotifyContext.Provider value={notify}>
      {children}
      {shown.length > 0 && (
        <Portal>
          <Stack
            gap="xs"
            style={{ position: 'fixed', top: 64, right: 16, zIndex: 400, width: 'min(380px, calc(100vw - 32px))' }}
            role="status"
            aria-live="polite"
            data-testid="notifications"
          >
            {shown.map((n) => (
              <Notification
                key={n.id}
                title={n.title}
                color={n.color ?? 'indigo'}
                onClose={() => close(n.id)}
                withBorder
                data-testid={n.testId ?? 'notification'}
                closeButtonProps={{ 'aria-label': 'Close notification' }}
              >
                {n.message}
              </Notification>
            ))}
          </Stack>
        </Portal>
      )}
    </NotifyContext.Provider>
  )
}
