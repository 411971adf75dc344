/**
 * out/screenshots/index.html: every screenshot on one page, by screen, each captioned with its size,
 * theme and language and linked to the full image, so a person finds "the chat on a phone, dark,
 * French" at a glance.
 */
import type { Shot } from './shoot';

const escape = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

export function indexPage(shots: readonly Shot[]): string {
  const scenes = [...new Map(shots.map((shot) => [shot.scene, shot.title])).entries()];
  const sections = scenes.map(([scene, title]) => {
    const figures = shots
      .filter((shot) => shot.scene === scene)
      .map((shot) => {
        const caption = `${shot.size.width}×${shot.size.height} · ${shot.theme} · ${shot.locale}`;
        const alt = `${title}, ${caption}`;
        return `      <figure>
        <a href="${escape(shot.file)}"><img src="${escape(shot.file)}" alt="${escape(alt)}" loading="lazy" width="${shot.size.width}" height="${shot.size.height}"></a>
        <figcaption>${escape(caption)} — <code>${escape(shot.file)}</code></figcaption>
      </figure>`;
      });
    return `  <section id="${escape(scene)}">
    <h2>${escape(title)}</h2>
    <div class="grid">
${figures.join('\n')}
    </div>
  </section>`;
  });
  const contents = scenes.map(([scene, title]) => `<a href="#${escape(scene)}">${escape(title)}</a>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nearcast screenshots</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1d1d1f; background: #f5f5f7; }
  nav { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; margin-bottom: 1rem; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr)); gap: 1rem; align-items: end; }
  figure { margin: 0; }
  img { display: block; width: 100%; height: auto; max-height: 24rem; object-fit: contain; background: #fff; border: 1px solid #ccc; }
  figcaption { font-size: 0.85rem; margin-top: 0.3rem; }
</style>
</head>
<body>
<h1>Nearcast screenshots</h1>
<p>${shots.length} screenshots, rendered by <code>npm run screenshots</code>. Select one to see it full size.</p>
<nav aria-label="Screens">${contents.join(' ')}</nav>
<main>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
