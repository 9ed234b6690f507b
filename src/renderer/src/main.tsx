import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { createContractClient } from '../../shared/contract/client'
import { detectTransport } from './api/transport'
import { App } from './App'
import { useKontor } from './store'
import './styles.css'

const root = createRoot(document.getElementById('root') as HTMLElement)
try {
  const { setClient, setConnected } = useKontor.getState()
  const transport = detectTransport(setConnected)
  if (window.kontor) setConnected(true)
  setClient(createContractClient(transport))
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  )
} catch (error) {
  root.render(
    <div className="fatal" role="alert">
      <h1>Kontor cannot start</h1>
      <p>{error instanceof Error ? error.message : String(error)}</p>
    </div>,
  )
}
