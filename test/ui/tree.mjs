// Clicking explorer rows in the workbench. A tree item's hover (a cluster's ARN, say) opens near the
// pointer after a click and can cover the next row to click, so each click first moves the pointer
// off the tree and waits for any hover to close.

/** The workbench's open hovers. */
const hovers = (page) => page.locator('.context-view .hover-contents, .monaco-hover.workbench-hover');

/** Moves the pointer to an empty corner and waits until no hover shows (Escape when one stays). */
export async function clearHover(page) {
  await page.mouse.move(1300, 900);
  if (await hovers(page).count() === 0) return;
  await hovers(page).first().waitFor({ state: 'hidden', timeout: 3_000 }).catch(async () => {
    await page.keyboard.press('Escape');
    await hovers(page).first().waitFor({ state: 'hidden', timeout: 5_000 });
  });
}

/** Waits for the row to show, then clicks it with no hover in the way. */
export async function clickRow(page, row, timeout = 30_000) {
  await row.waitFor({ state: 'visible', timeout });
  await clearHover(page);
  await row.click();
}
