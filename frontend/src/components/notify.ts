import { createContext, useContext, type ReactNode } from 'react'

export interface NotificationInput {
  title?: string
  message: ReactNode
  color?: string
  /** Milliseconds before it closes by itself (default 6 s; 0 keeps it). */
  autoClose?: number
  testId?: string
}

export type Notify = (notification: NotificationInput) => void

export const NotifyContext = createContext<Notify | null>(null)

/**
 * `notify({title, message, color})`: a short-lived message in the corner. Needs
 * `<NotificationsProvider>` (Notifications.tsx) above; the app's and the tests' providers have it.
 */
export function useNotify(): Notify {
  const notify = useContext(NotifyContext)
  if (!notify) throw new Error('useNotify needs a <NotificationsProvider> above it')
  return notify
}
