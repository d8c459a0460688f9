#!/usr/bin/env python3
"""Writes small valid seed files for every fuzz target, from the formats' documented layouts
(independently of QPIKit's readers), into Fuzz/seeds/FORMAT/:

    python3 Fuzz/make_seeds.py

Small seeds keep libFuzzer fast (the megabyte vendor files ran at 1-30 executions per second);
the formats QPIKit can write (HDF5, TIFF, PNG, Gwyddion) were made with `qpi convert`.
"""
import math
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "seeds")


def write(fmt, name, data):
    os.makedirs(os.path.join(ROOT, fmt), exist_ok=True)
    with open(os.path.join(ROOT, fmt, name), "wb") as f:
        f.write(data)


def values(n, phase=0.0):
    return [math.sin(0.7 * i + phase) for i in range(n)]


def sxm(nx, ny, direction, both):
    info = "\tChannel\tName\tUnit\tDirection\tCalibration\tOffset\n"
    info += f"\t14\tZ\tm\t{'both' if both else 'forward'}\t1.000E+0\t0.000E+0\n"
    info += "\t0\tCurrent\tA\tforward\t1.000E+0\t0.000E+0\n"
    header = (":NANONIS_VERSION:\n2\n:SCANIT_TYPE:\n              FLOAT            MSBFIRST\n"
              f":SCAN_PIXELS:\n       {nx}       {ny}\n:SCAN_RANGE:\n           4.000000E-9           3.000000E-9\n"
              ":SCAN_OFFSET:\n             1.000000E-9         -2.000000E-9\n:SCAN_ANGLE:\n            1.500E+1\n"
              f":SCAN_DIR:\n{direction}\n:DATA_INFO:\n{info}\n:SCANIT_END:\n\n\n")
    planes = 3 if both else 2
    data = b"".join(struct.pack(">f", v) for v in values(planes * nx * ny))
    return header.encode("latin-1") + b"\x1a\x04" + data


def dat(points):
    header = ("Experiment\tbias spectroscopy\t\nDate\t29.11.2026 10:00:00\t\nX (m)\t1.5E-9\t\nY (m)\t-2E-9\t\n"
              "Z (m)\t1E-10\t\n\n[DATA]\n")
    rows = "Bias calc (V)\tCurrent (A)\tLI Demod 1 X (A)\tCurrent [bwd] (A)\n"
    for i in range(points):
        bias = -0.01 + 0.02 * i / (points - 1)
        rows += f"{bias:.6E}\t{1e-10 * math.sin(i):.6E}\t{2e-12 * math.cos(i):.6E}\t{-1e-10 * math.sin(i):.6E}\n"
    return (header + rows).encode("latin-1")


def createc(nx, ny, channels):
    header = ("[Paramco32]\r\nTitel / Titel=seed\r\n"
              f"Num.X / Num.X={nx}\r\nNum.Y / Num.Y={ny}\r\nChannels / Channels={channels}\r\n"
              "Length x[A]=20\r\nLength y[A]=20\r\nDacto[A]z=0.00037\r\nGainZ / GainZ=10\r\n")
    raw = struct.pack("<f", 0.0) + b"".join(struct.pack("<f", 1000 * v) for v in values(channels * nx * ny))
    return header.encode("latin-1") + b"DATA" + zlib.compress(raw)


def grid3ds(nx, ny, points):
    channels = ["Current (A)", "LI Demod 1 X (A)"]
    params = ["Sweep Start", "Sweep End", "X (m)", "Y (m)", "Z (m)"]
    header = (f'Grid dim="{nx} x {ny}"\r\nGrid settings=0E+0;0E+0;2E-9;2E-9;0E+0\r\nSweep Signal="Bias (V)"\r\n'
              f'Fixed parameters="Sweep Start;Sweep End"\r\nExperiment parameters="X (m);Y (m);Z (m)"\r\n'
              f"# Parameters (4 byte)={len(params)}\r\nExperiment size (bytes)={len(channels) * points * 4}\r\n"
              f"Points={points}\r\nChannels=\"{';'.join(channels)}\"\r\n:HEADER_END:\r\n")
    body = b""
    for p in range(nx * ny):
        record = [-0.01, 0.01, 1e-10 * (p % nx), 1e-10 * (p // nx), 1e-11 * math.sin(p)]
        record += values(len(channels) * points, phase=p)
        body += b"".join(struct.pack(">f", v) for v in record)
    return header.encode("latin-1") + body


def vert(points):
    text = ("[ParVERT30]\r\nDAC-Type=20bit\r\nTitel / Titel=seed\r\nDacto[A]z=0.00016\r\n"
            f"DATA\r\n    {points}    10    20    3\r\n")
    for i in range(points):
        text += f"{i}\t{-100 + 20 * i:.1f}\t{0.5 * i:.2f}\t{7 * i}\t{1.5e-2 * i:.3E}\t\r\n"
    return text.encode("latin-1")


def spip_ascii(nx, ny):
    text = (f"# File Format = ASCII\n# x-pixels = {nx}\n# y-pixels = {ny}\n# x-length = 2\n# y-length = 1.5\n"
            "# x-offset = 0\n# y-offset = 0\n# z-unit = nA\n# Start of Data:\n")
    v = values(nx * ny)
    for r in range(ny):
        text += "\t".join(f"{x:.5f}" for x in v[r * nx:(r + 1) * nx]) + "\n"
    return text.encode("latin-1")


def wsxm(nx, ny):
    lines = ["[Control]", "    X Amplitude: 3 nm", "    Y Amplitude: 2 nm", "[General Info]",
             f"    Number of columns: {nx}", f"    Number of rows: {ny}", "    Z Amplitude: 2 nm",
             "    Image Data Type: short"]
    def header(size):
        return "\r\n".join(["WSxM file copyright UAM", "SxM Image file", f"Image header size: {size}", ""]
                            + lines + ["[Header end]", ""]).encode("latin-1")
    size = len(header(0))
    while len(header(size)) != size:
        size = len(header(size))
    return header(size) + b"".join(struct.pack("<h", int(1000 * v)) for v in values(nx * ny))


def sm4():
    """RHK R9 .sm4 (Gwyddion's rhk-sm4 / spym's rhksm4 layout, little-endian): file header, its
    objects, the page index header and array, then per page a 180-byte header, its objects
    (string data; drift data for spectra), the strings, the drift records and int32 data.
    One 4 x 3 image page and one line page of 2 spectra of 5 points."""
    def utf16(text):
        return struct.pack("<H", len(text)) + text.encode("utf-16-le")
    pages = [dict(data_type=0, page_type=1, line_type=0, nx=4, ny=3, scales=(-1e-9, 2e-9, 1e-12),
                  offsets=(5e-9, -3e-9, 1e-11), units=("m", "m", "m"), label="Topography", drift=b""),
             dict(data_type=1, page_type=38, line_type=7, nx=5, ny=2, scales=(0.01, 1.0, 1e-15),
                  offsets=(-0.02, 0.0, 0.0), units=("V", " ", "A"), label="Current",
                  drift=b"".join(struct.pack("<7f", 0.5 * k, 1e-7, -2e-7, 0, 0, 0, 0) for k in range(2)))]
    array_at = 122
    offset = array_at + 56 * len(pages)
    index, blocks = b"", b""
    for number, page in enumerate(pages):
        strings = b"".join(utf16(t) for t in [page["label"], "", "seed", "", "C:\\seed.sm4", "01/02/20",
                                                "10:00:00", *page["units"], "Voltage" if number else "", "", ""])
        data = b"".join(struct.pack("<i", int(1000 * v)) for v in values(page["nx"] * page["ny"], number))
        header_at = offset
        objects_at = header_at + 180
        count = 2 if page["drift"] else 1
        strings_at = objects_at + 12 * count
        drift_at = strings_at + len(strings)
        data_at = drift_at + len(page["drift"])
        header = struct.pack("<HH13I", 180, 13, page["page_type"], 0, page["line_type"], 0, 0, page["nx"],
                             page["ny"], 0, 0, 0, 4 * page["nx"] * page["ny"], 0, 0)
        sx, sy, sz = page["scales"]
        ox, oy, oz = page["offsets"]
        header += struct.pack("<11f", sx, sy, sz, 0, ox, oy, oz, 1e-4, 0.1, 1e-10, 0)
        header += struct.pack("<4I", 0, 0, 0, count) + bytes(64)
        objects = struct.pack("<3I", 10, strings_at, len(strings))
        if page["drift"]:
            objects += struct.pack("<3I", 8, drift_at, 28)
        blocks += header + objects + strings + page["drift"] + data
        index += bytes(16) + struct.pack("<4I", page["data_type"], 0, 2, 6)
        index += struct.pack("<6I", 3, header_at, 180, 4, data_at, len(data))
        offset = data_at + len(data)
    head = struct.pack("<H", 56) + "STiMage 005.004 1".ljust(18, "\0").encode("utf-16-le")
    head += struct.pack("<5I", len(pages), 3, 12, 0, 0)
    head += struct.pack("<9I", 1, 94, 16, 13, 0, 0, 15, 0, 0)
    head += struct.pack("<4I", len(pages), 1, 0, 0) + struct.pack("<3I", 2, array_at, 32)
    assert len(head) == array_at
    return head + index + blocks


def ibw_checksum(head, offset, count, endian):
    """Sets the 16-bit checksum at `offset` so that the header's words sum to zero (TN003)."""
    total = sum(struct.unpack(endian + f"{count // 2}h", bytes(head[:count])))
    head[offset:offset + 2] = struct.pack(endian + "H", (-total) & 0xFFFF)


def ibw2(samples, endian="<"):
    """An Igor binary wave, version 2 (WaveMetrics Technical Note 003): float32, one dimension."""
    data = b"".join(struct.pack(endian + "f", v) for v in samples)
    note = b"note"
    head = bytearray(struct.pack(endian + "hiiih", 2, 110 + len(data) + 16, len(note), 0, 0))
    head += struct.pack(endian + "hi", 2, 0) + b"dIdV".ljust(20, b"\0") + struct.pack(endian + "hhi", 0, 0, 0)
    head += b"S".ljust(4, b"\0") + b"V".ljust(4, b"\0") + struct.pack(endian + "ih", len(samples), 0)
    head += struct.pack(endian + "ddhhhdd", 0.002, -0.01, 0, 0, 0, 0, 0)
    head += struct.pack(endian + "bbiiihii", 0, 0, 0, 0, 0, 0, 0, 0)
    assert len(head) == 126
    ibw_checksum(head, 14, 126, endian)
    return bytes(head) + data + bytes(16) + note


def ibw5(dimensions, endian="<"):
    """An Igor binary wave, version 5: float32 of up to four dimensions with units and labels."""
    count = math.prod(dimensions)
    data = b"".join(struct.pack(endian + "f", v) for v in values(count))
    note, labels = b"Spectroscopy points per curve = 5", [[], [], [b"bias"], []]
    head = bytearray(struct.pack(endian + "hhiiii", 5, 0, 320 + len(data), 0, len(note), 0))
    head += struct.pack(endian + "4i", 0, 0, 0, 0) + struct.pack(endian + "4i", *[32 * len(l) for l in labels])
    head += struct.pack(endian + "3i", 0, 0, 0) + struct.pack(endian + "4ihh", 0, 0, 0, count, 2, 0)
    head += bytes(6) + struct.pack(endian + "h", 1) + b"cits".ljust(32, b"\0") + struct.pack(endian + "ii", 0, 0)
    head += struct.pack(endian + "4i", *(list(dimensions) + [0] * (4 - len(dimensions))))
    head += struct.pack(endian + "4d", 1e-10, 1e-10, 0.01, 1) + struct.pack(endian + "4d", 0, 0, -0.02, 0)
    head += b"".join(u.ljust(4, b"\0") for u in [b"V", b"m", b"m", b"V", b""])
    head += struct.pack(endian + "hhdd", 0, 0, 0, 0)
    head += bytes(384 - len(head))
    ibw_checksum(head, 2, 384, endian)
    return bytes(head) + data + note + b"".join(l.ljust(32, b"\0") for l in sum(labels, []))


MATRIX = b"ONTMATRX0101"


def matrix_string(text):
    return struct.pack("<I", len(text)) + text.encode("utf-16-le")


def matrix_value(v):
    if isinstance(v, bool):
        return b"LOOB" + struct.pack("<I", int(v))
    if isinstance(v, int):
        return b"GNOL" + struct.pack("<I", v)
    return b"BUOD" + struct.pack("<d", v)


def matrix_block(tag, body, stamped=True):
    return tag[::-1].encode() + struct.pack("<I", len(body)) + (bytes(8) if stamped else b"") + body


def matrix_pair(points=3, lines=2):
    """An Omicron MATRIX result file (parameters, channel dictionary, linear transfer function,
    BREF) followed by its image data file `f--1_1.Z_mtrx` (forward and backward traces), as
    access2thematrix reads them: reversed tags, UInt32 lengths, UTF-16 strings, typed values."""
    scanner = [("Points", "Count", points), ("Lines", "Count", lines), ("Width", "Meter", 4e-9),
               ("Height", "Meter", 2e-9), ("X_Offset", "Meter", 1e-9), ("Y_Offset", "Meter", -3e-9),
               ("Angle", "Degree", 30), ("X_Retrace", "--", True), ("Y_Retrace", "--", False)]
    eepa = struct.pack("<II", 0, 1) + matrix_string("XYScanner") + struct.pack("<I", len(scanner))
    for name, unit, value in scanner:
        eepa += matrix_string(name) + matrix_string(unit) + bytes(4) + matrix_value(value)
    channel_id = 0x0000_0002_0044_0043
    dictionary = bytes(8) + struct.pack("<4I", 0, 1, 0, 7) + bytes(8) + matrix_string("Z") + matrix_string("m")
    dictionary += struct.pack("<IQII", 1, channel_id, 0, 7) + matrix_string("ChannelData: channel = Z")
    transfer = struct.pack("<II", 0, 7) + matrix_string("TFF_Linear1D") + matrix_string("m") + struct.pack("<I", 2)
    transfer += matrix_string("Factor") + matrix_value(2.5e9) + matrix_string("Offset") + matrix_value(100.0)
    ccsy = struct.pack("<I", 0) + matrix_block("DICT", dictionary, False) + matrix_block("XFER", transfer, False)
    result = MATRIX + matrix_block("EEPA", eepa) + matrix_block("CCSY", ccsy)
    result += matrix_block("BREF", struct.pack("<I", 0) + matrix_string("f--1_1.Z_mtrx"))
    counts = [1000 * line + 10 * point + trace for line in range(lines) for trace in range(2) for point in range(points)]
    desc = struct.pack("<QIIIII", channel_id, 1, 0, 0, len(counts), len(counts)) + bytes(28)
    samples = b"".join(struct.pack("<i", c) for c in counts)
    data = MATRIX + matrix_block("BKLT", struct.pack("<I", 0) + matrix_block("DESC", desc, False) + matrix_block("DATA", samples, False))
    return result + data


if __name__ == "__main__":
    write("sxm", "down_both.sxm", sxm(6, 5, "down", True))
    write("sxm", "up_forward.sxm", sxm(4, 4, "up", False))
    write("dat", "spectrum.dat", dat(9))
    write("createc", "image.dat", createc(6, 5, 2))
    write("3ds", "grid.3ds", grid3ds(3, 2, 5))
    write("vert", "spectrum.VERT", vert(6))
    write("asc", "image.asc", spip_ascii(4, 3))
    write("wsxm", "image.stp", wsxm(4, 3))
    write("sm4", "image_and_spectra.sm4", sm4())
    write("ibw", "point_spectrum_v2.ibw", ibw2(values(9)))
    write("ibw", "cits_v5_big_endian.ibw", ibw5([4, 3, 5], ">"))
    write("mtrx", "image_pair.mtrx", matrix_pair())
    print("wrote seeds under", ROOT)
