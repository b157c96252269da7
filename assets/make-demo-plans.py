#!/usr/bin/env python3
"""Write assets/demo-plan-LC-XNY-0N.json: one renovation plan per demo estate.

Reads assets/demo-roster.csv (made by make-demo-roster.py) for the
buildings, entrances and exclusive areas: there is one lift item and one
lift question per entrance, and each lift's per-m2 contribution is what is
left of its cost after the city's lift subsidy, spread over the entrance's
exclusive area.  Every text has zh_CN, zh_TW and en.

    python3 assets/make-demo-plans.py
"""

import csv
import json
import os
from decimal import Decimal, ROUND_HALF_UP

HERE = os.path.dirname(os.path.abspath(__file__))
OPENS = "2026-11-20T08:00:00+08:00"
CLOSES = "2027-06-30T18:00:00+08:00"
LIFT_SUBSIDY = 200000   # assumed city subsidy per lift, yuan


def t(zh_cn, zh_tw, en):
    return {"zh_CN": zh_cn, "zh_TW": zh_tw, "en": en}


def num(d):
    """A Decimal as a JSON number with at most two decimals."""
    d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(d) if d == d.to_integral_value() else float(d)


def wan(yuan):
    """Yuan as 万元 for prose, e.g. 65 or 62.5."""
    return ("%.1f" % (yuan / 10000)).rstrip("0").rstrip(".")


# ---------------------------------------------------------------- items
# Titles are shared; each estate gives its own cost, contribution and, where
# the estate differs, its own description.

TITLES = {
    "water": t("供水管网改造", "供水管網改造", "Water supply pipes"),
    "drain": t("雨污分流及排水管网改造", "雨污分流及排水管網改造",
               "Separate storm and foul drains"),
    "gas": t("燃气管道改造", "燃氣管道改造", "Gas pipes"),
    "wiring": t("供电及弱电线路规整入地", "供電及弱電線路規整入地",
                "Power and telecom lines tidied underground"),
    "roof": t("屋面防水", "屋面防水", "Roof waterproofing"),
    "fire": t("消防设施改造", "消防設施改造", "Fire-safety equipment"),
    "road": t("道路及路沿整治", "道路及路沿整治", "Roads and kerbs"),
    "security": t("智慧安防监控", "智慧安防監控",
                  "Security cameras and smart entry"),
    "stair": t("楼道及单元门修缮", "樓道及單元門修繕",
               "Stairwells and entrance doors"),
    "waste": t("生活垃圾分类设施", "生活垃圾分類設施",
               "Waste-sorting stations"),
    "facade": t("外墙保温及立面整治", "外牆保溫及立面整治",
                "External wall insulation and facade repair"),
    "green": t("绿化美化与节能照明", "綠化美化與節能照明",
               "Greenery and energy-saving lighting"),
    "parking": t("停车位与充电设施", "停車位與充電設施",
                 "Parking spaces and charging points"),
    "ebike": t("电动自行车停放充电棚", "電動自行車停放充電棚",
               "E-bike parking and charging shed"),
    "access": t("无障碍与适老化设施", "無障礙與適老化設施",
                "Barrier-free and age-friendly facilities"),
    "pm-room": t("物业服务用房", "物業服務用房",
                 "Property-management office"),
    "elder": t("“乐养居”社区养老服务站", "「樂養居」社區養老服務站",
               "\"Leyangju\" community elderly-care station"),
    "service": t("托育与长者助餐服务用房", "托育與長者助餐服務用房",
                 "Childcare room and seniors' canteen"),
    "perimeter": t("智能门禁与周界防护", "智能門禁與周界防護",
                   "Smart gate access and perimeter sensing"),
    "care": t("片区养老托育服务中心", "片區養老托育服務中心",
              "Cluster elderly-care and childcare centre"),
}

CLASS = {
    "water": "basic", "drain": "basic", "gas": "basic", "wiring": "basic",
    "roof": "basic", "fire": "basic", "road": "basic", "security": "basic",
    "stair": "basic", "waste": "basic",
    "facade": "improvement", "green": "improvement",
    "parking": "improvement", "ebike": "improvement",
    "access": "improvement",
    "pm-room": "improvement",
    "elder": "upgrade", "service": "upgrade", "perimeter": "upgrade",
    "care": "upgrade",
}

DESC = {
    "water": t(
        "更换已锈蚀的镀锌供水管和楼内立管，改造二次供水设施，实行一户一表。"
        "解决水压不足、水质发黄和跑冒滴漏问题。",
        "更換已鏽蝕的鍍鋅供水管和樓內立管，改造二次供水設施，實行一戶一錶。"
        "解決水壓不足、水質發黃和跑冒滴漏問題。",
        "Replaces the rusted galvanised mains and risers and the secondary "
        "supply pumps, with one meter per flat. Ends low pressure, yellow "
        "water and leaks."),
    "drain": t(
        "新建雨水管和污水管，实行雨污分流，疏通并更换破损的化粪池和检查井。"
        "解决污水漫溢、大雨内涝、小雨积水。",
        "新建雨水管和污水管，實行雨污分流，疏通並更換破損的化糞池和檢查井。"
        "解決污水漫溢、大雨內澇、小雨積水。",
        "Lays separate storm-water and sewage pipes and replaces broken "
        "septic tanks and manholes, so sewage no longer overflows and rain "
        "no longer floods the yards."),
    "gas": t(
        "更新庭院燃气管网和楼栋立管，加装燃气泄漏报警装置。"
        "费用由燃气公司按专业经营单位责任承担，居民不出资。",
        "更新庭院燃氣管網和樓棟立管，加裝燃氣洩漏報警裝置。"
        "費用由燃氣公司按專業經營單位責任承擔，居民不出資。",
        "Renews the yard gas mains and building risers and adds leak "
        "alarms. The gas company pays as the utility responsible; "
        "residents pay nothing."),
    "wiring": t(
        "将架空的电线、网线、有线电视线入地入槽，清理飞线和废弃线缆，"
        "更换老化的电表箱。由供电、通信等专业经营单位出资实施。",
        "將架空的電線、網線、有線電視線入地入槽，清理飛線和廢棄線纜，"
        "更換老化的電錶箱。由供電、通信等專業經營單位出資實施。",
        "Puts overhead power, network and cable-TV lines underground or in "
        "ducts, removes dangling and dead cables and replaces old meter "
        "boxes. Paid for by the power and telecom utilities."),
    "roof": t(
        "铲除老化的屋面防水层，重做改性沥青防水和保温层，更换雨水管。"
        "解决顶层住户多年的渗漏问题。",
        "剷除老化的屋面防水層，重做改性瀝青防水和保溫層，更換雨水管。"
        "解決頂層住戶多年的滲漏問題。",
        "Strips the worn roof membrane and lays new modified-bitumen "
        "waterproofing and insulation, with new downpipes. Stops the leaks "
        "top-floor flats have suffered for years."),
    "fire": t(
        "更换室外消火栓和楼道灭火器，增设应急照明和疏散指示，"
        "清理占道杂物，打通消防通道。",
        "更換室外消火栓和樓道滅火器，增設應急照明和疏散指示，"
        "清理佔道雜物，打通消防通道。",
        "Replaces outdoor hydrants and stairwell extinguishers, adds "
        "emergency lighting and exit signs, and clears the fire lanes."),
    "road": t(
        "破损路面重新铺装沥青，更换路沿石，修补排水边沟。"
        "解决道路坑洼不平、雨天积水。",
        "破損路面重新鋪裝瀝青，更換路緣石，修補排水邊溝。"
        "解決道路坑窪不平、雨天積水。",
        "Resurfaces broken roads with asphalt, renews the kerbs and repairs "
        "gutters, so roads are level and dry after rain."),
    "security": t(
        "在出入口、主要道路和楼栋单元门安装高清监控和人脸识别门禁，"
        "接入公安“智慧安防小区”平台。",
        "在出入口、主要道路和樓棟單元門安裝高清監控和人臉識別門禁，"
        "接入公安「智慧安防小區」平台。",
        "Installs HD cameras at the gates, main paths and entrance doors, "
        "with face-recognition entry, linked to the police smart-security "
        "platform."),
    "stair": t(
        "粉刷楼道墙面，修补台阶和扶手，更换单元门和楼道声控灯，"
        "统一设置信报箱和通知公告栏。",
        "粉刷樓道牆面，修補臺階和扶手，更換單元門和樓道聲控燈，"
        "統一設置信報箱和通知公告欄。",
        "Repaints stairwells, repairs steps and handrails, replaces entrance "
        "doors and stair lights, and adds letterboxes and notice boards."),
    "waste": t(
        "建设带洗手池和雨棚的垃圾分类投放点，配置分类收集容器，"
        "取消楼前露天垃圾堆放点。",
        "建設帶洗手池和雨棚的垃圾分類投放點，配置分類收集容器，"
        "取消樓前露天垃圾堆放點。",
        "Builds covered waste-sorting points with sinks and sorted bins, "
        "replacing the open heaps in front of the buildings."),
    "facade": t(
        "外墙加做保温层并重新涂装，统一更换空调机位和防盗窗，"
        "拆除外墙违章搭建。冬季更暖、夏季更凉，降低采暖和空调能耗。",
        "外牆加做保溫層並重新塗裝，統一更換空調機位和防盜窗，"
        "拆除外牆違章搭建。冬季更暖、夏季更涼，降低採暖和空調能耗。",
        "Adds insulation to the outer walls and repaints them, replaces "
        "air-conditioner brackets and window guards in one style and "
        "removes illegal add-ons. Flats stay warmer in winter and cooler in "
        "summer, and use less energy."),
    "green": t(
        "补植乔木和绿篱，建设小游园和休闲座椅，"
        "路灯和庭院灯更换为节能灯具。解决路灯不亮、绿地杂乱。",
        "補植喬木和綠籬，建設小遊園和休閒座椅，"
        "路燈和庭院燈更換為節能燈具。解決路燈不亮、綠地雜亂。",
        "Plants trees and hedges, adds a small garden with benches, and "
        "fits energy-saving street and yard lamps, so paths are lit and "
        "green space is tidy."),
    "parking": t(
        "利用拆除违建腾出的空地划设停车位，建设电动自行车集中充电棚，"
        "安装汽车充电桩。解决乱停乱放和楼道飞线充电的安全隐患。",
        "利用拆除違建騰出的空地劃設停車位，建設電動自行車集中充電棚，"
        "安裝汽車充電樁。解決亂停亂放和樓道飛線充電的安全隱患。",
        "Marks out parking bays on land freed by removing illegal "
        "structures, builds a covered e-bike charging shed and installs car "
        "chargers. Ends haphazard parking and unsafe charging in "
        "stairwells."),
    "access": t(
        "在单元入口和主要道路建设坡道、扶手，增设休息座椅和夜间照明，"
        "方便老年人、残疾人和推婴儿车的居民出行。",
        "在單元入口和主要道路建設坡道、扶手，增設休息座椅和夜間照明，"
        "方便老年人、殘疾人和推嬰兒車的居民出行。",
        "Builds ramps and handrails at entrances and along main paths, with "
        "rest seats and night lighting, for older and disabled residents "
        "and parents with prams."),
    "pm-room": t(
        "将原厂区门卫室改建为物业服务用房，设值班室和维修工具间，"
        "为改造后的物业管理提供场地。",
        "將原廠區門衛室改建為物業服務用房，設值班室和維修工具間，"
        "為改造後的物業管理提供場地。",
        "Converts the old factory gatehouse into a property-management "
        "office with a duty room and tool store, so the estate can be "
        "managed after renovation."),
    "elder": t(
        "利用闲置锅炉房改建“乐养居”社区养老服务站，提供日间照料、"
        "助餐和康复服务，与片区内其他小区共享。",
        "利用閒置鍋爐房改建「樂養居」社區養老服務站，提供日間照料、"
        "助餐和康復服務，與片區內其他小區共享。",
        "Turns the disused boiler house into a \"Leyangju\" elderly-care "
        "station with day care, meals and rehabilitation, shared with the "
        "cluster's other estates."),
    "service": t(
        "利用原厂区库房建设托育室和长者助餐点，方便双职工家庭和独居老人，"
        "由专业机构运营。",
        "利用原廠區庫房建設托育室和長者助餐點，方便雙職工家庭和獨居老人，"
        "由專業機構運營。",
        "Converts the old factory store into a childcare room and a "
        "seniors' canteen, run by a licensed operator, for working parents "
        "and older people living alone."),
    "perimeter": t(
        "重建围墙并安装周界入侵报警、车辆道闸和智能门禁，"
        "实现小区封闭管理。",
        "重建圍牆並安裝周界入侵報警、車輛道閘和智能門禁，"
        "實現小區封閉管理。",
        "Rebuilds the boundary wall with intrusion sensors, a vehicle "
        "barrier and smart gate access, so the estate can be closed to "
        "through traffic."),
    "care": t(
        "在小区南侧临街用房建设片区养老托育服务中心，含日间照料、"
        "助餐、托育和卫生服务站，服务西南隅片区三个小区。",
        "在小區南側臨街用房建設片區養老托育服務中心，含日間照料、"
        "助餐、托育和衛生服務站，服務西南隅片區三個小區。",
        "Builds an elderly-care and childcare centre in the street-front "
        "rooms on the south side, with day care, meals, a nursery and a "
        "health station, serving all three estates of the Xinanyu "
        "cluster."),
}

# Estate-specific descriptions that replace the shared ones.
DESC_01 = {
    "parking": t(
        "利用拆除违建腾出的空地划设48个停车位，建设电动自行车集中充电棚，"
        "安装6个汽车充电桩。解决乱停乱放和楼道飞线充电的安全隐患。",
        "利用拆除違建騰出的空地劃設48個停車位，建設電動自行車集中充電棚，"
        "安裝6個汽車充電樁。解決亂停亂放和樓道飛線充電的安全隱患。",
        "Marks out 48 parking bays on land freed by removing illegal "
        "structures, builds a covered e-bike charging shed and installs 6 "
        "car chargers. Ends haphazard parking and unsafe charging in "
        "stairwells."),
}
DESC_02 = {
    "ebike": t(
        "院内道路狭窄，不设汽车停车位，建设电动自行车集中停放充电棚，"
        "配置智能充电插座。解决楼道飞线充电的火灾隐患。",
        "院內道路狹窄，不設汽車停車位，建設電動自行車集中停放充電棚，"
        "配置智能充電插座。解決樓道飛線充電的火災隱患。",
        "The lanes are too narrow for car parking, so this builds a covered "
        "e-bike parking and charging shed with smart sockets, ending the "
        "fire risk of charging in stairwells."),
    "wiring": t(
        "原厂区转供电改为供电公司直供到户，更换老化的配电箱和电表，"
        "架空线、网线入地入槽。由供电、通信等专业经营单位出资实施。",
        "原廠區轉供電改為供電公司直供到戶，更換老化的配電箱和電錶，"
        "架空線、網線入地入槽。由供電、通信等專業經營單位出資實施。",
        "Switches the flats from the factory's resold supply to direct "
        "supply by the power company, replaces old distribution boxes and "
        "meters, and puts overhead lines underground. Paid for by the "
        "power and telecom utilities."),
}
DESC_03 = {
    "parking": t(
        "利用拆除违建腾出的空地增设36个停车位，安装8个汽车充电桩，"
        "建设电动自行车充电棚。解决乱停乱放和楼道飞线充电的安全隐患。",
        "利用拆除違建騰出的空地增設36個停車位，安裝8個汽車充電樁，"
        "建設電動自行車充電棚。解決亂停亂放和樓道飛線充電的安全隱患。",
        "Adds 36 parking bays on land freed by removing illegal structures, "
        "with 8 car chargers and an e-bike charging shed. Ends haphazard "
        "parking and unsafe charging in stairwells."),
    "roof": t(
        "铲除老化的屋面防水层，重做改性沥青防水和保温层，更换雨水管。"
        "居民出资部分拟使用住宅专项维修资金支付（见维修资金议题）。",
        "剷除老化的屋面防水層，重做改性瀝青防水和保溫層，更換雨水管。"
        "居民出資部分擬使用住宅專項維修資金支付（見維修資金議題）。",
        "Strips the worn roof membrane and lays new modified-bitumen "
        "waterproofing and insulation, with new downpipes. The residents' "
        "share is proposed to come from the maintenance fund (see the "
        "maintenance-fund question)."),
}

# Per estate: (item id, cost in yuan, contribution in yuan per m2).
# The residents' committee of each estate (invented names).
COMMITTEE = {
    "LC-XNY-01": ["赵桂芳", "钱立新", "孙志强"],
    "LC-XNY-02": ["王建国", "李秀英", "张卫东", "刘玉兰"],
    "LC-XNY-03": ["陈国庆", "杨淑珍", "周明"],
}

ESTATES = [
    {
        "id": "LC-XNY-01",
        "name": t("槐荫小区", "槐蔭小區", "Huaiyin Estate"),
        "desc": DESC_01,
        "lift_cost": {"6": 650000},
        "items": [
            ("water", 528000, "0"), ("drain", 712000, "0"),
            ("gas", 264000, "0"), ("wiring", 386000, "0"),
            ("roof", 436000, "0"), ("fire", 158000, "0"),
            ("road", 465000, "0"), ("security", 212000, "0"),
            ("stair", 168000, "0"),
            ("facade", 1380000, "12"), ("green", 246000, "2"),
            ("parking", 318000, "5"), ("access", 96000, "0"),
            ("elder", 780000, "15"),
        ],
        "fund": "facade",
    },
    {
        "id": "LC-XNY-02",
        "name": t("东风印刷厂家属院", "東風印刷廠家屬院",
                  "Dongfeng Printing Works Staff Estate"),
        "desc": DESC_02,
        "lift_cost": {"5": 580000},
        "items": [
            ("water", 264000, "0"), ("drain", 338000, "0"),
            ("gas", 142000, "0"), ("wiring", 186000, "0"),
            ("roof", 198000, "0"), ("fire", 86000, "0"),
            ("road", 215000, "0"), ("waste", 58000, "0"),
            ("facade", 620000, "10"), ("green", 118000, "1.5"),
            ("ebike", 96000, "3"), ("access", 52000, "0"),
            ("pm-room", 68000, "0"),
            ("service", 420000, "12"), ("perimeter", 146000, "6"),
        ],
        "fund": "facade",
    },
    {
        "id": "LC-XNY-03",
        "name": t("金桂小区", "金桂小區", "Jingui Estate"),
        "desc": DESC_03,
        "lift_cost": {"6": 660000},
        "items": [
            ("water", 318000, "0"), ("drain", 426000, "0"),
            ("gas", 176000, "0"), ("wiring", 248000, "0"),
            ("roof", 286000, "3"), ("fire", 124000, "0"),
            ("road", 304000, "0"), ("security", 186000, "0"),
            ("facade", 960000, "12"), ("green", 186000, "2"),
            ("parking", 412000, "6"), ("access", 78000, "0"),
            ("care", 1260000, "18"), ("perimeter", 158000, "5"),
        ],
        "fund": "roof",
    },
]

GROUP_Q = {
    "basic": ("Q-BASIC", t("是否同意实施基础类改造", "是否同意實施基礎類改造",
                           "Do you agree to carry out the basic renovation "
                           "works?")),
    "improvement": ("Q-IMPROVE",
                    t("是否同意实施完善类改造", "是否同意實施完善類改造",
                      "Do you agree to carry out the improvement works?")),
    "upgrade": ("Q-UPGRADE",
                t("是否同意实施提升类改造", "是否同意實施提升類改造",
                  "Do you agree to carry out the upgrade works?")),
}

FUND_Q = {
    "facade": t(
        "是否同意使用住宅专项维修资金支付外墙保温及立面整治的居民出资部分",
        "是否同意使用住宅專項維修資金支付外牆保溫及立面整治的居民出資部分",
        "Do you agree to pay the residents' share of the wall insulation "
        "and facade works from the estate's maintenance fund?"),
    "roof": t(
        "是否同意使用住宅专项维修资金支付屋面防水的居民出资部分",
        "是否同意使用住宅專項維修資金支付屋面防水的居民出資部分",
        "Do you agree to pay the residents' share of the roof "
        "waterproofing from the estate's maintenance fund?"),
}

PM_Q = t("改造后本小区的物业管理模式", "改造後本小區的物業管理模式",
         "Property management after the renovation")
PM_OPTIONS = [
    ("market", t("市场化物业服务", "市場化物業服務",
                 "A property-management company on market terms")),
    ("community", t("社区保障性物业管理", "社區保障性物業管理",
                    "Basic service backed by the community committee")),
    ("self", t("业主自治管理", "業主自治管理",
               "Self-management by the owners")),
]

PLEDGE = t(
    "本户同意参与本小区老旧小区改造，并按改造方案承担居民出资部分。",
    "本戶同意參與本小區老舊小區改造，並按改造方案承擔居民出資部分。",
    "Our household agrees to take part in the renovation of this estate "
    "and to pay the residents' share set out in the plan.")


def entrances(roster, estate_id):
    """{(building, entrance): [area Decimal, floors]} in roster order."""
    out = {}
    for r in roster:
        if r["estate_id"] != estate_id:
            continue
        key = (r["building"], r["entrance"])
        e = out.setdefault(key, [Decimal(0), 0])
        e[0] += Decimal(r["area_m2"])
        e[1] = max(e[1], int(r["room"]) // 100)
    return out


def lift_item(b, e, floors, area, cost):
    share = (Decimal(cost - LIFT_SUBSIDY) / area)
    w = wan(cost)
    return {
        "id": "lift-%s-%s" % (b, e),
        "class": "improvement",
        "title": t("%s号楼%s单元加装电梯" % (b, e),
                   "%s號樓%s單元加裝電梯" % (b, e),
                   "Lift for Building %s, Entrance %s" % (b, e)),
        "description": t(
            "在%s号楼%s单元楼梯间外侧加装一部%d站电梯，方便老人和行动不便的"
            "居民上下楼。造价约%s万元，申请市级加装电梯财政补贴后，其余由本单元"
            "业主按专有面积分摊，可提取住房公积金支付。" % (b, e, floors, w),
            "在%s號樓%s單元樓梯間外側加裝一部%d站電梯，方便老人和行動不便的"
            "居民上下樓。造價約%s萬元，申請市級加裝電梯財政補貼後，其餘由本單元"
            "業主按專有面積分攤，可提取住房公積金支付。" % (b, e, floors, w),
            "Adds a %d-stop lift outside the stairwell of Building %s, "
            "Entrance %s, for older and less mobile residents. It costs about "
            "%s yuan; after the city's lift subsidy the rest is shared "
            "by this entrance's owners by exclusive area, and may be paid "
            "from the housing provident fund."
            % (floors, b, e, "{:,}".format(cost))),
        "cost_yuan": cost,
        "contribution_yuan_per_m2": num(share),
    }


def question(qid, kind, matter, title, items=None, scope=None,
             options=None, topic=None):
    q = {"id": qid, "kind": kind, "matter": matter}
    if topic:
        q["topic"] = topic
    if items:
        q["items"] = items
    if scope:
        q["scope"] = scope
    q["title"] = title
    q["opens"] = OPENS
    q["closes"] = CLOSES
    if options:
        q["options"] = options
    return q


# ---------------------------------------------------------------- map
# A 36 x 8 site map (docs/plan-map.md), small enough for a 40 x 12 kiosk
# screen: buildings two to a row, the estate road between the rows, the gate
# and the outdoor items along the bottom.  Lifts sit on the wall of their
# building at their entrance.
MAP_COLS, MAP_ROWS = 36, 8
MAP_POINTS = {
    "drain": (8, 3), "access": (12, 3), "road": (17, 3), "waste": (33, 3),
    "parking": (2, 7), "ebike": (2, 7), "security": (20, 7),
    "elder": (26, 7), "service": (26, 7), "care": (26, 7),
    "green": (31, 7), "perimeter": (35, 7),
}
GATE = t("大门", "大門", "Gate")


def site_map(est, roster, items):
    ents = entrances(roster, est["id"])
    buildings = []
    for b in sorted({b for b, _ in ents}, key=int):
        buildings.append(b)
    out = {"cols": MAP_COLS, "rows": MAP_ROWS, "buildings": [],
           "items": [], "landmarks": [{"label": GATE, "x": 14, "y": 7}]}
    ids = {i["id"] for i in items}
    for n, b in enumerate(buildings):
        x, y = 1 + (n % 2) * 18, (n // 2) * 4
        out["buildings"].append({"building": b, "x": x, "y": y, "w": 16,
                                 "h": 3})
        es = sorted((e for bb, e in ents if bb == b), key=int)
        for k, e in enumerate(es):
            iid = "lift-%s-%s" % (b, e)
            if iid in ids:
                # Doors along the bottom wall, evenly spaced.
                out["items"].append({"item": iid,
                                     "x": x + 16 * (k + 1) // (len(es) + 1),
                                     "y": y + 2})
    for iid, (x, y) in MAP_POINTS.items():
        if iid in ids:
            out["items"].append({"item": iid, "x": x, "y": y})
    return out


def plan(est, roster):
    items = []
    for iid, cost, per_m2 in est["items"]:
        items.append({
            "id": iid,
            "class": CLASS[iid],
            "title": TITLES[iid],
            "description": est["desc"].get(iid) or DESC[iid],
            "cost_yuan": cost,
            "contribution_yuan_per_m2": num(Decimal(per_m2)),
        })

    questions = []
    for cls in ("basic", "improvement", "upgrade"):
        ids = [i["id"] for i in items if i["class"] == cls]
        qid, title = GROUP_Q[cls]
        questions.append(question(qid, "approve", "major", title, ids))

    ((floors_key, lift_cost),) = est["lift_cost"].items()
    for (b, e), (area, floors) in entrances(roster, est["id"]).items():
        assert str(floors) == floors_key, (est["id"], b, e, floors)
        lift = lift_item(b, e, floors, area, lift_cost)
        items.append(lift)
        questions.append(question(
            "Q-LIFT-%s-%s" % (b, e), "approve", "major",
            t("%s号楼%s单元是否加装电梯" % (b, e),
              "%s號樓%s單元是否加裝電梯" % (b, e),
              "Add a lift to Building %s, Entrance %s?" % (b, e)),
            [lift["id"]], {"building": b, "entrance": e}))

    questions.append(question(
        "Q-PM", "choose-one", "ordinary", PM_Q,
        options=[{"id": oid, "title": title} for oid, title in PM_OPTIONS],
        topic="property-management"))
    questions.append(question(
        "Q-FUND", "approve", "ordinary", FUND_Q[est["fund"]],
        [est["fund"]], topic="maintenance-fund"))

    name = est["name"]
    return {
        "estate_id": est["id"],
        "title": t(name["zh_CN"] + "改造提质方案",
                   name["zh_TW"] + "改造提質方案",
                   name["en"] + " renovation plan"),
        "items": items,
        "questions": questions,
        "pledges": [{"id": "P-WILL", "text": PLEDGE, "threshold": "2/3",
                     "amount": True}],
        "map": site_map(est, roster, items),
        # The members who check written proxies at the kiosk.
        "committee": COMMITTEE[est["id"]],
    }


def main():
    with open(os.path.join(HERE, "demo-roster.csv"), encoding="utf-8",
              newline="") as fp:
        roster = list(csv.DictReader(fp))
    for est in ESTATES:
        path = os.path.join(HERE, "demo-plan-%s.json" % est["id"])
        with open(path, "w", encoding="utf-8", newline="\n") as fp:
            json.dump(plan(est, roster), fp, ensure_ascii=False, indent=2)
            fp.write("\n")


if __name__ == "__main__":
    main()
