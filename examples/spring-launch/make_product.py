"""Draw `product.png`: a studio cut-out of the Lumen Aura over-ear headphones.

Procedural and deterministic: every part is an analytic shape (ellipse, elliptical ring,
capsule) shaded from a pseudo-3D surface normal with a key light from the upper left,
ambient fill and a cool rim light, drawn at 4x and box-filtered down (premultiplied) so edges
are antialiased. Transparent background; a fixed noise seed gives the matte grain.

    python examples/spring-launch/make_product.py
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

HERE = Path(__file__).resolve().parent
SS = 4  # supersampling factor
W, H = 1300, 1460  # design canvas in output pixels, trimmed at the end
MARGIN_PX = 24

KEY = np.array([-0.50, -0.62, 0.60])
KEY = KEY / np.linalg.norm(KEY)
HALF = KEY + np.array([0.0, 0.0, 1.0])
HALF = HALF / np.linalg.norm(HALF)
RIM = np.array([0.85, -0.15, 0.35])
RIM = RIM / np.linalg.norm(RIM)

GRAPHITE = (0.335, 0.343, 0.365)
GRAPHITE_DARK = (0.29, 0.297, 0.318)
CUSHION = (0.215, 0.216, 0.232)
FABRIC = (0.15, 0.152, 0.165)
METAL = (0.70, 0.71, 0.73)
AMBER = (0.949, 0.663, 0.231)  # brand primary #F2A93B
RIM_TINT = np.array([0.80, 0.86, 1.0])


@dataclass(frozen=True)
class Finish:
    """How a surface answers light."""

    albedo: tuple[float, float, float]
    ambient: float = 0.34
    diffuse: float = 0.78
    specular: float = 0.16
    shininess: float = 14.0
    rim: float = 0.30
    grain: float = 0.012


MATTE = Finish(GRAPHITE)
MATTE_DARK = Finish(GRAPHITE_DARK, specular=0.12)
LEATHER = Finish(CUSHION, ambient=0.30, diffuse=0.70, specular=0.22, shininess=9.0, rim=0.22)
MESH = Finish(FABRIC, ambient=0.5, diffuse=0.5, specular=0.03, shininess=4.0, rim=0.0, grain=0.03)
SATIN = Finish(METAL, ambient=0.38, diffuse=0.62, specular=0.55, shininess=36.0, rim=0.2)
ANODIZED = Finish(AMBER, ambient=0.55, diffuse=0.55, specular=0.35, shininess=30.0, rim=0.1)


class Canvas:
    """Float RGBA canvas at SS x the output size; every surface painted on it is opaque."""

    def __init__(self) -> None:
        self.rgb = np.zeros((H * SS, W * SS, 3), np.float32)
        self.alpha = np.zeros((H * SS, W * SS), np.float32)
        ys, xs = np.mgrid[0 : H * SS, 0 : W * SS].astype(np.float32)
        self.x = (xs + 0.5) / SS
        self.y = (ys + 0.5) / SS
        self.rng = np.random.default_rng(20260314)
        self.noise = self.rng.standard_normal((H * SS, W * SS)).astype(np.float32)

    def paint(self, mask: np.ndarray, normal: tuple[np.ndarray, ...], finish: Finish) -> None:
        """Shade the masked pixels with `finish` and lay them over what is there."""
        nx, ny, nz = normal
        length = np.sqrt(nx * nx + ny * ny + nz * nz) + 1e-6
        nx, ny, nz = nx / length, ny / length, nz / length
        lambert = np.clip(nx * KEY[0] + ny * KEY[1] + nz * KEY[2], 0, 1)
        blinn = np.clip(nx * HALF[0] + ny * HALF[1] + nz * HALF[2], 0, 1) ** finish.shininess
        rim = np.clip(nx * RIM[0] + ny * RIM[1] + nz * RIM[2], 0, 1) ** 3 * (1 - nz) ** 0.5
        shade = finish.ambient + finish.diffuse * lambert
        albedo = np.array(finish.albedo, np.float32)
        color = albedo[None, :] * shade[:, None]
        color += (finish.specular * blinn)[:, None]
        color += (finish.rim * rim)[:, None] * RIM_TINT[None, :] * 0.5
        grain = self.noise[mask] * finish.grain
        color = np.clip(color + grain[:, None], 0, 1)
        self.rgb[mask] = color  # opaque surfaces replace what is below
        self.alpha[mask] = 1.0

    def darken(self, amount: np.ndarray) -> None:
        """Multiply existing pixels by (1 - amount): contact shadows, occlusion."""
        self.rgb *= (1 - np.clip(amount, 0, 1))[..., None]

    def save(self, path: Path) -> None:
        rgb = self.rgb * self.alpha[..., None]
        h, w = H, W
        rgb = rgb.reshape(h, SS, w, SS, 3).mean(axis=(1, 3))
        alpha = self.alpha.reshape(h, SS, w, SS).mean(axis=(1, 3))
        safe = np.where(alpha > 0, alpha, 1)[..., None]
        straight = np.clip(rgb / safe, 0, 1)
        out = np.dstack([straight, alpha[..., None]])
        image = Image.fromarray(np.round(out * 255).astype(np.uint8), "RGBA")
        box = image.getbbox()
        assert box is not None
        image = image.crop(
            (box[0] - MARGIN_PX, box[1] - MARGIN_PX, box[2] + MARGIN_PX, box[3] + MARGIN_PX)
        )
        image.save(path, optimize=True)


def ellipse_coords(c: Canvas, cx: float, cy: float, rx: float, ry: float):
    u = (c.x - cx) / rx
    v = (c.y - cy) / ry
    return u, v, np.sqrt(u * u + v * v)


def dome(c: Canvas, cx, cy, rx, ry, bulge=0.6):
    """Mask and normals of a gently domed elliptical face."""
    u, v, rho = ellipse_coords(c, cx, cy, rx, ry)
    mask = rho <= 1
    return mask, (u[mask] * bulge, v[mask] * bulge, np.ones(mask.sum(), np.float32))


def ring(c: Canvas, cx, cy, rx, ry, inner, outer, flat=1.0, extra=None):
    """Mask and normals of an elliptical torus between rho=inner and rho=outer."""
    u, v, rho = ellipse_coords(c, cx, cy, rx, ry)
    mask = (rho >= inner) & (rho <= outer)
    if extra is not None:
        mask &= extra
    mid, half = (inner + outer) / 2, (outer - inner) / 2
    t = np.clip((rho[mask] - mid) / half, -1, 1)
    radial = rho[mask] + 1e-6
    nz = np.sqrt(1 - t * t) ** flat
    return mask, (t * u[mask] / radial, t * v[mask] / radial, nz + 0.05)


def band_field(c: Canvas, cx, cy, rx, ry):
    """Approximate signed distance to an ellipse (negative inside) and its unit normal."""
    u, v, rho = ellipse_coords(c, cx, cy, rx, ry)
    gx, gy = u / rx, v / ry
    length = np.sqrt(gx * gx + gy * gy) + 1e-9
    dist = (rho - 1) * rho / length
    return dist, gx / length, gy / length


def tube_normals(dist, nx, ny, mask, d_in, d_out, flat=1.0):
    """Normals of a tube lying between signed distances d_in and d_out, at `mask`."""
    mid, half = (d_in + d_out) / 2, (d_out - d_in) / 2
    t = np.clip((dist[mask] - mid) / half, -1, 1)
    nz = np.sqrt(1 - t * t) ** flat
    return t * nx[mask], t * ny[mask], nz + 0.05


def side_wall(c: Canvas, cx_front, cx_back, cy, rx, ry):
    """The cylinder wall between two equal ellipses offset horizontally (a cup's depth)."""
    v = (c.y - cy) / ry
    inside_v = np.abs(v) <= 1
    half_w = rx * np.sqrt(np.clip(1 - v * v, 0, 1))
    lo, hi = min(cx_front, cx_back), max(cx_front, cx_back)
    mask = inside_v & (c.x >= lo - half_w) & (c.x <= hi + half_w)
    mask &= ~((((c.x - cx_front) / rx) ** 2 + v * v) <= 1)
    side = np.sign(cx_back - cx_front)
    vv = v[mask]
    # Across the depth the wall turns further from the viewer: a soft gradient from the face.
    start = cx_front + side * half_w[mask]
    along = np.clip((c.x[mask] - start) * side / abs(cx_back - cx_front), 0, 1)
    nx = side * (0.12 + 0.45 * along)
    return mask, (nx.astype(np.float32), vv * 0.95, np.sqrt(1 - vv * vv))


def capsule(c: Canvas, x0, y0, x1, y1, radius):
    """A rounded bar (cylinder) from (x0, y0) to (x1, y1)."""
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    t = np.clip(((c.x - x0) * dx + (c.y - y0) * dy) / length2, 0, 1)
    px, py = x0 + t * dx, y0 + t * dy
    ox, oy = c.x - px, c.y - py
    dist = np.sqrt(ox * ox + oy * oy)
    mask = dist <= radius
    s = dist[mask] / radius
    return mask, (ox[mask] / radius, oy[mask] / radius, np.sqrt(np.clip(1 - s * s, 0, 1)) + 0.02)


def soft_shadow(c: Canvas, cx, cy, rx, ry, strength, softness=0.35):
    """Darkening that falls off outside an ellipse: contact and occlusion shadows."""
    _, _, rho = ellipse_coords(c, cx, cy, rx, ry)
    return strength * np.clip(1 - (rho - 1) / softness, 0, 1) * (rho > 0.0)


BAND = (700.0, 700.0, 372.0, 590.0)  # headband outer ellipse: cx, cy, rx, ry
BAND_END_Y = 626.0
SHELL_PX, PAD_PX = 46.0, 30.0


def band_x(side: int, y: float, inset_px: float) -> float:
    """x of the line `inset_px` inside the band's outer edge at height y, left (-1) or right."""
    cx, cy, rx, ry = BAND
    v = (y - cy) / ry
    return cx + side * (rx * float(np.sqrt(1 - v * v)) - inset_px)


def band_centre_x(side: int) -> float:
    """x of the headband's centre line at its lower end."""
    return band_x(side, BAND_END_Y, (SHELL_PX + PAD_PX) / 2)


def draw_headband(c: Canvas) -> None:
    """One tube: a matte shell on the outside, a leather pad on the inside, rounded ends."""
    width = SHELL_PX + PAD_PX
    dist, nx, ny = band_field(c, *BAND)
    inside = (dist >= -width) & (dist <= 0)
    ends = c.y < BAND_END_Y
    for side in (-1, 1):
        dx, dy = c.x - band_centre_x(side), c.y - BAND_END_Y
        ends |= (dx * dx + dy * dy <= (width / 2) ** 2) & (dy > 0)
    mask = inside & ends & (c.y < BAND_END_Y + width)
    pad = mask & (dist < -SHELL_PX)
    shell = mask & ~pad
    c.paint(pad, tube_normals(dist, nx, ny, pad, -width - 8, -SHELL_PX + 14, 0.8), LEATHER)
    c.paint(shell, tube_normals(dist, nx, ny, shell, -SHELL_PX - 6, 4, 0.6), MATTE)
    # A fine groove where the pad is stitched to the shell.
    groove = mask & (np.abs(dist + SHELL_PX) < 1.6)
    c.darken(np.where(groove, 0.45, 0))


def draw_stem(c: Canvas, x: float, top: float, bottom: float) -> None:
    c.paint(*capsule(c, x, top, x, bottom, 12.5), SATIN)
    # Hinge block where the stem meets the cup.
    c.paint(*capsule(c, x - 24, bottom, x + 24, bottom, 19.0), MATTE)


def draw_near_cup(c: Canvas) -> None:
    """Left cup: its outer face turned towards the camera."""
    cx, cy, rx, ry, depth = 300.0, 1060.0, 212.0, 330.0, 112.0
    back = cx + depth
    c.paint(*ring(c, back + 26, cy, rx, ry * 0.985, 0.0, 1.0, flat=0.5), LEATHER)
    c.paint(*side_wall(c, cx, back, cy, rx, ry), MATTE_DARK)
    # Controls on the wall: a status light and two buttons.
    c.paint(*dome(c, cx + rx * 0.86 + 66, 1148, 4.0, 5.0, bulge=0.8), ANODIZED)
    c.paint(*capsule(c, cx + rx * 0.80 + 66, 1180, cx + rx * 0.78 + 66, 1212, 7.5), MATTE)
    c.paint(*capsule(c, cx + rx * 0.74 + 66, 1234, cx + rx * 0.70 + 66, 1264, 7.5), MATTE)
    c.paint(*dome(c, cx, cy, rx, ry, bulge=0.55), MATTE)
    # Chamfered rim catching the key light, with a thin amber inlay inside it.
    c.paint(*ring(c, cx, cy, rx, ry, 0.945, 1.0, flat=1.0), MATTE)
    c.paint(*ring(c, cx, cy, rx, ry, 0.925, 0.945, flat=1.0), ANODIZED)
    draw_emblem(c, cx + 6, cy - 14, 34.0)


def draw_emblem(c: Canvas, cx: float, cy: float, r: float) -> None:
    """The light crescent of the Lumen mark, inlaid in amber (an ellipse: the face is turned)."""
    squash = 212.0 / 330.0
    rx, ry = r * squash, r
    glow_x, glow_y = cx + 0.26 * rx, cy - 0.26 * ry
    _, _, rho_glow = ellipse_coords(c, glow_x, glow_y, rx, ry)
    _, _, rho_cover = ellipse_coords(c, cx, cy, rx * 1.07, ry * 1.07)
    crescent = (rho_glow <= 1) & (rho_cover > 1)
    ones = np.ones(crescent.sum(), np.float32)
    c.paint(crescent, (ones * 0.1, ones * -0.1, ones), ANODIZED)


def draw_far_cup(c: Canvas) -> None:
    """Right cup: its cushion side turned towards the camera."""
    cx, cy, rx, ry, depth = 1000.0, 1046.0, 192.0, 306.0, 92.0
    shell_x = cx + depth
    c.paint(*dome(c, shell_x, cy, rx, ry, bulge=0.5), MATTE)
    c.paint(*side_wall(c, shell_x, cx, cy, rx, ry), MATTE)
    # The amber inlay shows as a sliver at the outer rim.
    c.paint(*ring(c, shell_x, cy, rx, ry, 0.93, 1.0, extra=c.x > shell_x + rx * 0.2), ANODIZED)
    c.paint(*ring(c, shell_x, cy, rx, ry, 0.965, 1.0, extra=c.x > shell_x + rx * 0.2), MATTE)
    c.darken(soft_shadow(c, cx + 14, cy, rx * 1.02, ry * 1.02, 0.35, 0.1))
    c.paint(*ring(c, cx, cy, rx, ry, 0.46, 1.0, flat=0.85), LEATHER)
    c.paint(*dome(c, cx + 10, cy, rx * 0.47, ry * 0.47, bulge=0.15), MESH)
    c.darken(
        np.where(
            ellipse_coords(c, cx + 10, cy, rx * 0.47, ry * 0.47)[2] <= 1,
            soft_shadow(c, cx + 22, cy + 8, rx * 0.42, ry * 0.42, 0.3, 0.25),
            0,
        )
    )


def main() -> None:
    c = Canvas()
    draw_stem(c, band_centre_x(1), BAND_END_Y - 20, 742.0)
    draw_stem(c, band_centre_x(-1), BAND_END_Y - 20, 736.0)
    draw_headband(c)
    draw_far_cup(c)
    draw_near_cup(c)
    c.save(HERE / "product.png")
    print("wrote product.png")


if __name__ == "__main__":
    main()
