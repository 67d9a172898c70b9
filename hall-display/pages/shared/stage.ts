/**
 * Scales a fixed-size design (e.g. 1920×1080) to fit the window, keeping its proportions: the
 * hall's screen may be 1366×768 or 4K, and the layout must not reflow on it.
 */
export function fitStage(stage: HTMLElement, width: number, height: number): void {
  const fit = () => {
    const scale = Math.min(window.innerWidth / width, window.innerHeight / height)
    stage.style.width = `${width}px`
    stage.style.height = `${height}px`
    stage.style.transformOrigin = '0 0'
    stage.style.transform = `scale(${scale})`
    stage.style.left = `${Math.max(0, (window.innerWidth - width * scale) / 2)}px`
    stage.style.top = `${Math.max(0, (window.innerHeight - height * scale) / 2)}px`
  }
  window.addEventListener('resize', fit)
  fit()
}
