#!/usr/bin/env python3
"""Write assets/demo-roster.csv: the demo cluster (片区) of three estates.

The cluster is the fictional 西南隅片区 in Laocheng District, Luoyang, with
three pre-2000 estates.  Everything is derived from fixed tables and a seeded
generator that only uses random.random() (whose sequence Python guarantees
across versions), so re-running the script rewrites the same bytes.

    python3 assets/make-demo-roster.py [OUT.csv]
"""

import csv
import os
import random
import sys

HEADER = ["estate_id", "estate_name", "building", "entrance", "room",
          "flat_id", "owner_id", "area_m2", "owner_name", "area_source",
          "estate_name_zh_TW", "estate_name_en"]

# Per estate: id, name, its zh_TW and English names (金桂小区 has no zh_TW
# name, so the kiosk shows OpenCC's conversion of the zh_CN one), floors, flats per floor, the developer's name, how
# many flats the developer still holds, the sizes of the multi-flat owners'
# holdings, and per (building, entrance) the exclusive area of each stack
# (position 1, position 2, ...): every flat of a stack shares its area.
ESTATES = [
    {
        "id": "LC-XNY-01", "name": "槐荫小区", "name_zh_TW": "槐蔭小區",
        "name_en": "Huaiyin Estate", "num": 1, "seed": 19960901,
        "floors": 6, "per_floor": 2,
        "developer": "洛阳槐荫置业有限公司", "developer_flats": 3,
        "multi": [3, 2, 2, 2, 2],
        "stacks": {
            ("1", "1"): ["86.42", "72.65"], ("1", "2"): ["72.65", "86.42"],
            ("2", "1"): ["86.42", "72.65"], ("2", "2"): ["72.65", "86.42"],
            ("3", "1"): ["98.50", "81.37"], ("3", "2"): ["81.37", "98.50"],
            ("4", "1"): ["63.20", "58.74"], ("4", "2"): ["58.74", "63.20"],
        },
    },
    {
        "id": "LC-XNY-02", "name": "东风印刷厂家属院",
        "name_zh_TW": "東風印刷廠家屬院",
        "name_en": "Dongfeng Estate", "num": 2, "seed": 19880501,
        "floors": 5, "per_floor": 2,
        "developer": "洛阳东风房地产开发公司", "developer_flats": 2,
        "multi": [3, 2, 2],
        "stacks": {
            ("1", "1"): ["52.36", "48.90"], ("1", "2"): ["48.90", "52.36"],
            ("2", "1"): ["56.18", "45.00"], ("2", "2"): ["45.00", "56.18"],
            ("3", "1"): ["67.44", "61.05"], ("3", "2"): ["61.05", "67.44"],
        },
    },
    {
        "id": "LC-XNY-03", "name": "金桂小区", "name_zh_TW": "",
        "name_en": "Jingui Estate", "num": 3, "seed": 19991001,
        "floors": 6, "per_floor": 2,
        "developer": "洛阳金桂置业有限公司", "developer_flats": 4,
        "multi": [3, 2, 2, 2],
        "stacks": {
            ("1", "1"): ["89.76", "76.30"], ("1", "2"): ["68.92", "68.92"],
            ("1", "3"): ["76.30", "89.76"],
            ("2", "1"): ["94.15", "83.60"], ("2", "2"): ["71.48", "71.48"],
            ("2", "3"): ["83.60", "94.15"],
        },
    },
]

SURNAMES = ("王李张刘杨赵陈郭孙马周吴徐朱胡高何宋韩吕范牛常杜"
            "史许黄田程董袁冯曹段贾梁崔任谢薛闫潘")
GIVEN = [
    "建国", "建军", "建华", "国强", "国庆", "卫东", "卫国", "志强", "志刚",
    "德明", "文斌", "红军", "援朝", "振华", "新民", "跃进", "富贵", "长顺",
    "秀兰", "桂英", "桂兰", "淑珍", "玉兰", "秀英", "凤英", "春梅", "红梅",
    "丽华", "素芳", "翠萍", "爱莲", "玉珍", "金凤", "彩霞", "海燕", "丽娟",
    "伟", "敏", "静", "军", "勇", "磊", "洋", "霞", "杰", "涛", "鹏", "芳",
    "晓东", "海涛", "建平", "小红", "亚楠", "艳丽", "俊峰", "利民", "永刚",
    "晓燕", "雪梅", "慧敏", "宏伟", "立新", "少华", "向阳", "丽萍", "东升",
    "浩然", "子涵", "梦瑶", "佳怡", "一鸣", "思远", "雨萱", "嘉豪", "欣怡",
]


def pick(rng, seq):
    return seq[int(rng.random() * len(seq))]


def shuffle(rng, seq):
    for i in range(len(seq) - 1, 0, -1):
        j = int(rng.random() * (i + 1))
        seq[i], seq[j] = seq[j], seq[i]


def flats_of(est):
    """The flats of an estate in roster order, as dicts."""
    out = []
    for (b, e), areas in est["stacks"].items():
        for floor in range(1, est["floors"] + 1):
            for pos in range(1, est["per_floor"] + 1):
                room = "%d%02d" % (floor, pos)
                out.append({"building": b, "entrance": e, "room": room,
                            "floor": floor, "pos": pos,
                            "flat_id": "%s-%s-%s" % (b, e, room),
                            "area_m2": areas[pos - 1]})
    return out


def assign_owners(est, flats, rng):
    free = list(range(len(flats)))

    def take(i):
        free.remove(i)
        return i

    # The developer kept a few hard-to-sell flats: top floors without a
    # lift and some ground floors.
    edge = [i for i in free
            if flats[i]["floor"] in (1, est["floors"])]
    shuffle(rng, edge)
    developer = set(take(i) for i in edge[:est["developer_flats"]])

    # Owners of several flats: the first holding of each is anywhere, the
    # others alternate between the neighbouring flat of the same entrance
    # (the flat across the landing or just above) and a flat in another
    # entrance or building.
    groups = []
    for g, size in enumerate(est["multi"]):
        first = pick(rng, free)
        take(first)
        group = [first]
        for k in range(1, size):
            f = flats[first]
            if (g + k) % 2 == 1:
                near = [i for i in free
                        if flats[i]["building"] == f["building"]
                        and flats[i]["entrance"] == f["entrance"]
                        and abs(flats[i]["floor"] - f["floor"]) <= 1]
            else:
                near = [i for i in free
                        if (flats[i]["building"], flats[i]["entrance"])
                        != (f["building"], f["entrance"])]
            group.append(take(pick(rng, near)))
        groups.append(group)

    group_of = {}
    for group in groups:
        for i in group:
            group_of[i] = group

    used_names = set()

    def new_name():
        while True:
            name = pick(rng, SURNAMES) + pick(rng, GIVEN)
            if name not in used_names:
                used_names.add(name)
                return name

    seq = 0
    for i, f in enumerate(flats):
        if i in developer:
            f["owner_id"] = "developer"
            f["owner_name"] = est["developer"]
            continue
        if "owner_id" in f:
            continue
        seq += 1
        oid = "O-%02d-%04d" % (est["num"], seq)
        name = new_name()
        for j in group_of.get(i, [i]):
            flats[j]["owner_id"] = oid
            flats[j]["owner_name"] = name

    # Where the area comes from: mostly the property register; the
    # developer's unsold flats and some others were surveyed; a few owners
    # only have their purchase contract.
    for i, f in enumerate(flats):
        r = rng.random()
        if i in developer or r < 0.09:
            f["area_source"] = "survey"
        elif r < 0.13:
            f["area_source"] = "contract"
        else:
            f["area_source"] = "register"


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        here, "demo-roster.csv")
    rows = []
    for est in ESTATES:
        rng = random.Random(est["seed"])
        flats = flats_of(est)
        assign_owners(est, flats, rng)
        for f in flats:
            rows.append([est["id"], est["name"], f["building"],
                         f["entrance"], f["room"], f["flat_id"],
                         f["owner_id"], f["area_m2"], f["owner_name"],
                         f["area_source"], est["name_zh_TW"],
                         est["name_en"]])
    with open(out, "w", encoding="utf-8", newline="") as fp:
        w = csv.writer(fp, lineterminator="\n")
        w.writerow(HEADER)
        w.writerows(rows)


if __name__ == "__main__":
    main()
