"""Synthetic people, enterprises and properties: the facts that sample documents print.

Everything is drawn from a seeded `random.Random`, so a seed fixes the whole sample set.
The numbers follow the real standards (GB 11643 ID numbers, GB 32100 credit codes, the
28-character 不动产单元号) so that validation code written against the samples works on
real uploads. Functions that link documents take the linked record as a parameter: a
licence's legal representative or a deed's owners are names of `Person`s made here.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from stdnum.cn import ric, uscc
from stdnum.iso7064 import mod_11_10

from prereview.validate import age_on, expected_validity_years

PERMANENT = "长期"


@dataclass(frozen=True)
class Division:
    """An administrative division (GB/T 2260 county-level code) and the offices seated there."""

    code: str
    province: str  # "浙江省", or "" for a municipality
    city: str  # "杭州市", "北京市"
    district: str  # "西湖区"
    abbreviation: str  # province abbreviation on deeds: "浙"
    police: str  # issuing authority of ID cards
    streets: tuple[str, ...]
    estates: tuple[str, ...]

    @property
    def full_name(self) -> str:
        """Province, city and district as written at the start of an address."""
        return f"{self.province}{self.city}{self.district}"

    @property
    def market_authority(self) -> str:
        """The district's market regulation bureau, which registers enterprises."""
        return f"{self.city}{self.district}市场监督管理局"

    @property
    def deed_place(self) -> str:
        """The place in a certificate number: the district in a municipality, else the city."""
        return self.district if not self.province else self.city


DIVISIONS: tuple[Division, ...] = (
    Division("110105", "", "北京市", "朝阳区", "京", "北京市公安局朝阳分局",
             ("建国路", "朝阳北路", "望京街", "酒仙桥路"), ("金隅国际", "望京花园", "远洋天地")),
    Division("110108", "", "北京市", "海淀区", "京", "北京市公安局海淀分局",
             ("中关村大街", "学院路", "西三环北路", "万泉河路"), ("万柳书院", "世纪城", "芙蓉里")),
    Division("120101", "", "天津市", "和平区", "津", "天津市公安局和平分局",
             ("南京路", "贵州路", "成都道"), ("滨江花园", "津汇广场", "天汇名邸")),
    Division("310115", "", "上海市", "浦东新区", "沪", "上海市公安局浦东分局",
             ("世纪大道", "张杨路", "锦绣路", "东方路"), ("仁恒滨江园", "联洋花园", "证大家园")),
    Division("310104", "", "上海市", "徐汇区", "沪", "上海市公安局徐汇分局",
             ("漕溪北路", "天钥桥路", "虹桥路"), ("汇翠花园", "徐汇苑", "东方曼哈顿")),
    Division("330106", "浙江省", "杭州市", "西湖区", "浙", "杭州市公安局西湖分局",
             ("文三路", "天目山路", "古墩路", "文一西路"), ("华星时代广场", "西溪诚园", "嘉绿苑")),
    Division("330102", "浙江省", "杭州市", "上城区", "浙", "杭州市公安局上城分局",
             ("解放路", "清泰街", "望江路"), ("钱江新城公寓", "绿城春江花月", "近江家园")),
    Division("440305", "广东省", "深圳市", "南山区", "粤", "深圳市公安局南山分局",
             ("深南大道", "南海大道", "科技南十二路", "后海大道"),
             ("蔚蓝海岸", "后海名苑", "科技园公寓")),
    Division("440106", "广东省", "广州市", "天河区", "粤", "广州市公安局天河区分局",
             ("天河路", "体育东路", "黄埔大道西", "中山大道"),
             ("天河北苑", "骏景花园", "华景新城")),
    Division("510104", "四川省", "成都市", "锦江区", "川", "成都市公安局锦江区分局",
             ("红星路", "东大街", "春熙路", "锦华路"), ("锦江城市花园", "攀成钢小区", "东湖花园")),
    Division("320102", "江苏省", "南京市", "玄武区", "苏", "南京市公安局玄武分局",
             ("中山路", "北京东路", "珠江路"), ("玄武湖花园", "紫金城", "锁金村")),
    Division("420106", "湖北省", "武汉市", "武昌区", "鄂", "武汉市公安局武昌区分局",
             ("中北路", "武珞路", "徐东大街"), ("东湖名居", "水岸星城", "福星惠誉城")),
    Division("370202", "山东省", "青岛市", "市南区", "鲁", "青岛市公安局市南分局",
             ("香港中路", "东海西路", "山东路"), ("海信花园", "银海大世界", "青岛国际")),
    Division("610113", "陕西省", "西安市", "雁塔区", "陕", "西安市公安局雁塔分局",
             ("长安南路", "小寨西路", "科技路"), ("曲江公馆", "紫薇田园都市", "融侨城")),
    Division("350203", "福建省", "厦门市", "思明区", "闽", "厦门市公安局思明分局",
             ("湖滨南路", "厦禾路", "莲前西路"), ("瑞景新村", "莲花五村", "海峡国际")),
    Division("430104", "湖南省", "长沙市", "岳麓区", "湘", "长沙市公安局岳麓分局",
             ("麓山南路", "枫林三路", "银盆南路"), ("中南大学家属区", "奥克斯广场", "恒大雅苑")),
)  # fmt: skip

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官")
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林阳志建国峰晨博文斌亮"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞秀燕玲桂丹萍红琳雪倩婷颖慧洁佳琪欣悦雯蕾璐瑶晶莉梅兰云月"
GIVEN_NEUTRAL = "子一思嘉雨晓海天安乐家永宏德春秋佳明新若"
# Mostly 汉; a few of the 55 minority nationalities, weighted roughly by population.
ETHNICITIES = (("汉", 88), ("回", 3), ("满", 3), ("壮", 2), ("蒙古", 1), ("维吾尔", 1),
               ("苗", 1), ("土家", 1))  # fmt: skip

BRANDS = ("云帆", "星河", "华信", "锦程", "瑞丰", "启明", "博远", "恒通", "天成", "卓越",
          "汇智", "青禾", "鼎盛", "明德", "嘉禾", "新元", "蓝海", "立信")  # fmt: skip
INDUSTRIES: dict[str, tuple[str, ...]] = {
    "信息技术": ("技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "软件开发",
             "信息系统集成服务", "数据处理和存储支持服务", "计算机软硬件及辅助设备零售"),
    "贸易": ("日用百货销售", "五金产品批发", "电子产品销售", "服装服饰零售",
           "货物进出口", "技术进出口", "化妆品批发"),
    "餐饮管理": ("餐饮管理", "餐饮服务", "食品经营（销售预包装食品）", "外卖递送服务",
             "酒店管理", "会议及展览服务"),
    "建筑工程": ("建设工程施工", "住宅室内装饰装修", "建筑材料销售", "园林绿化工程施工",
             "工程管理服务", "机械设备租赁"),
    "文化传媒": ("广告设计、代理", "广告制作", "组织文化艺术交流活动", "摄像及视频制作服务",
             "图文设计制作", "市场营销策划"),
    "生物科技": ("生物基材料技术研发", "医学研究和试验发展", "第一类医疗器械销售",
             "化工产品销售（不含许可类化工产品）", "专用化学产品销售"),
}  # fmt: skip
SCOPE_TAIL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"

COMPANY_TYPES = (
    ("有限责任公司（自然人投资或控股）", "法定代表人", "有限公司"),
    ("有限责任公司（自然人独资）", "法定代表人", "有限公司"),
    ("股份有限公司（非上市、自然人投资或控股）", "法定代表人", "股份有限公司"),
    ("有限责任公司分公司（自然人投资或控股）", "负责人", "有限公司{district}分公司"),
    ("个人独资企业", "经营者", "{industry}经营部"),
)
CAPITALS_WAN = (10, 30, 50, 100, 200, 300, 500, 800, 1000, 1200, 2000, 3000, 5000)
DIGITS_UPPER = "零壹贰叁肆伍陆柒捌玖"


@dataclass(frozen=True)
class Person:
    """A resident as printed on both sides of their ID card."""

    name: str
    sex: str  # 男 / 女
    ethnicity: str
    birth_date: date
    address: str
    division: Division
    id_number: str
    issuing_authority: str
    valid_from: date
    valid_until: date | None  # None: 长期


@dataclass(frozen=True)
class Enterprise:
    """An enterprise as printed on its business licence."""

    name: str
    type: str
    representative_label: str  # 法定代表人 / 负责人 / 经营者
    legal_representative: str
    registered_capital: str
    established_date: date
    business_term_until: date | None  # None: 长期
    business_scope: str
    address: str
    division: Division
    registration_authority: str
    credit_code: str
    issue_date: date


@dataclass(frozen=True)
class Property:
    """A property as printed on its real estate title certificate."""

    certificate_number: str
    owners: tuple[str, ...]
    co_ownership: str
    location: str
    unit_number: str
    right_type: str
    right_nature: str
    usage: str
    area: str
    term_from: date
    term_until: date
    other: tuple[str, ...]  # 权利其他状况, one printed line each
    division: Division

    @property
    def owner(self) -> str:
        """The owners as printed in one cell: 张三、李四."""
        return "、".join(self.owners)


def add_years(day: date, years: int) -> date:
    """The same calendar day `years` later (28 February for a 29 February start)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A uniformly drawn day between `start` and `end` inclusive."""
    return start + timedelta(days=rng.randint(0, (end - start).days))


def person_name(rng: random.Random, sex: str) -> str:
    """A two- or three-character name (rarely a compound surname)."""
    surname = rng.choice(COMPOUND_SURNAMES) if rng.random() < 0.03 else rng.choice(SURNAMES)
    pool = (GIVEN_MALE if sex == "男" else GIVEN_FEMALE) + GIVEN_NEUTRAL
    given = "".join(rng.choice(pool) for _ in range(1 if rng.random() < 0.3 else 2))
    return surname + given


def street_address(rng: random.Random, division: Division, with_district: bool = True) -> str:
    """A street address inside `division`, with or without the province/city/district prefix."""
    prefix = division.full_name if with_district else division.district
    street = f"{rng.choice(division.streets)}{rng.randint(1, 999)}号"
    style = rng.random()
    if style < 0.45:
        building = (
            f"{rng.choice(division.estates)}{rng.randint(1, 28)}幢"
            f"{rng.randint(1, 4)}单元{rng.randint(1, 32)}{rng.randint(1, 4):02d}室"
        )
    elif style < 0.75:
        building = f"{rng.randint(1, 30)}号楼{rng.randint(1, 26)}{rng.randint(1, 6):02d}室"
    else:
        building = ""
    return prefix + street + building


def id_number(rng: random.Random, division_code: str, birth: date, sex: str) -> str:
    """An 18-character GB 11643 number; the sequence is odd for men and even for women."""
    sequence = rng.randrange(1 if sex == "男" else 0, 1000, 2)
    body = f"{division_code}{birth:%Y%m%d}{sequence:03d}"
    # stdnum's calc_check_digit takes a whole number and ignores its last character.
    return body + ric.calc_check_digit(body + "0")


def card_validity(rng: random.Random, birth: date) -> tuple[date, date | None]:
    """An issue date and expiry following the age-at-issue rule, usually still valid in 2026."""
    earliest = max(add_years(birth, 1), date(2004, 1, 1))
    latest = date(2025, 10, 31)
    for _ in range(20):
        issued = random_date(rng, earliest, latest)
        years = expected_validity_years(age_on(birth, issued))
        until = None if years is None else add_years(issued, years)
        if until is None or until > date(2027, 1, 1):
            break
    return issued, until


def make_person(
    rng: random.Random,
    division: Division | None = None,
    sex: str | None = None,
    birth_range: tuple[int, int] = (1950, 2012),
) -> Person:
    """A synthetic resident with a consistent ID number, address and card validity."""
    division = division or rng.choice(DIVISIONS)
    sex = sex or rng.choice("男女")
    birth = random_date(rng, date(birth_range[0], 1, 1), date(birth_range[1], 12, 28))
    ethnicity = rng.choices([e for e, _ in ETHNICITIES], [w for _, w in ETHNICITIES])[0]
    valid_from, valid_until = card_validity(rng, birth)
    return Person(
        name=person_name(rng, sex),
        sex=sex,
        ethnicity=ethnicity,
        birth_date=birth,
        address=street_address(rng, division),
        division=division,
        id_number=id_number(rng, division.code, birth, sex),
        issuing_authority=division.police,
        valid_from=valid_from,
        valid_until=valid_until,
    )


def upper_amount(wan: int) -> str:
    """A whole number of 万 (below 1e8) in financial capitals: 1200 -> 壹仟贰佰."""
    units = ("仟", "佰", "拾", "")
    text, zero = "", False
    for digit, unit in zip(f"{wan:04d}", units, strict=True):
        if digit == "0":
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS_UPPER[int(digit)] + unit
    return text


def registered_capital(rng: random.Random) -> str:
    """Registered capital as printed: `伍佰万元整` or `500万元人民币`."""
    wan = rng.choice(CAPITALS_WAN)
    return f"{upper_amount(wan)}万元整" if rng.random() < 0.5 else f"{wan}万元人民币"


def organisation_code(rng: random.Random) -> str:
    """A 9-character GB 11714 organisation code with its check character."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "MA" + "".join(rng.choice(alphabet) for _ in range(6))
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(c, 36) * w for c, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def credit_code(rng: random.Random, division_code: str, category: str = "1") -> str:
    """A GB 32100 unified social credit code registered by market regulation (9) in the division."""
    body = "9" + category + division_code + organisation_code(rng)
    code = body + uscc.calc_check_digit(body)
    assert uscc.is_valid(code), code
    return code


def business_scope(rng: random.Random, industry: str) -> str:
    """A long 经营范围 text: several activities of the industry, then the standard tail."""
    activities = list(INDUSTRIES[industry])
    rng.shuffle(activities)
    # Long enough to wrap over 2-4 lines of a licence, short enough to fit its column.
    chosen = activities[:1]
    for activity in activities[1:]:
        if len("；".join([*chosen, activity])) > rng.randint(20, 40):
            break
        chosen.append(activity)
    return "一般项目：" + "；".join(chosen) + "。" + SCOPE_TAIL


def make_enterprise(
    rng: random.Random,
    legal_representative: Person,
    division: Division | None = None,
    kind: int | None = None,
) -> Enterprise:
    """A synthetic enterprise whose 法定代表人 (or 负责人/经营者) is `legal_representative`.

    `kind` picks an entry of COMPANY_TYPES (0-2 companies, 3 a branch, 4 a sole proprietorship).
    """
    division = division or rng.choice(DIVISIONS)
    kind = rng.randrange(3) if kind is None else kind
    type_, label, suffix = COMPANY_TYPES[kind]
    industry = rng.choice(tuple(INDUSTRIES))
    place = division.city.removesuffix("市")
    suffix = suffix.format(district=division.district.removesuffix("区"), industry=industry)
    if kind == 4:
        name = f"{place}{division.district}{rng.choice(BRANDS)}{suffix}"
    else:
        name = f"{place}{rng.choice(BRANDS)}{industry}{suffix}"
    latest = date(2024, 6, 30)
    earliest = max(date(2003, 1, 1), add_years(legal_representative.birth_date, 20))
    if earliest > latest:
        raise ValueError(f"{legal_representative.name} is too young to represent an enterprise")
    established = random_date(rng, earliest, latest)
    term_years = rng.choice((None, None, 20, 30))
    until = None if term_years is None else add_years(established, term_years) - timedelta(days=1)
    issued = random_date(rng, max(established, date(2016, 10, 1)), date(2025, 9, 30))
    return Enterprise(
        name=name,
        type=type_,
        representative_label=label,
        legal_representative=legal_representative.name,
        registered_capital=registered_capital(rng),
        established_date=established,
        business_term_until=until,
        business_scope=business_scope(rng, industry),
        address=street_address(rng, division),
        division=division,
        registration_authority=division.market_authority,
        credit_code=credit_code(rng, division.code),
        issue_date=issued,
    )


def co_ownership(rng: random.Random, owner_count: int) -> str:
    """单独所有 for one owner; 共同共有 or 按份共有 for several."""
    if owner_count == 1:
        return "单独所有"
    return rng.choice(("共同共有", "共同共有", "按份共有"))


def unit_number(rng: random.Random, division_code: str) -> str:
    """A 28-character 不动产单元号: division, cadastral zone, parcel GB....., F building/unit."""
    zone = f"{rng.randint(1, 20):03d}{rng.randint(1, 30):03d}"
    parcel = f"GB{rng.randint(1, 99999):05d}"
    building = f"F{rng.randint(1, 60):04d}{rng.randint(1, 3000):04d}"
    return division_code + zone + parcel + building


def make_property(
    rng: random.Random,
    owners: Sequence[str],
    division: Division | None = None,
    commercial: bool = False,
) -> Property:
    """A synthetic property owned by `owners` (names of people or enterprises)."""
    division = division or rng.choice(DIVISIONS)
    year = rng.randint(2016, 2025)
    serial = rng.randint(1, 999999)
    number = f"{division.abbreviation}（{year}）{division.deed_place}不动产权第{serial:07d}号"
    location = street_address(rng, division, with_district=False)
    if commercial:
        usage, nature, years = "商务金融用地/办公", "出让/商品房", 40
    else:
        usage, nature, years = (
            "城镇住宅用地/住宅",
            rng.choice(("出让/市场化商品房", "出让/存量房")),
            70,
        )
    term_from = random_date(rng, date(1995, 1, 1), date(2020, 12, 28))
    term_until = add_years(term_from, years) - timedelta(days=1)
    building_area = round(rng.uniform(45, 180), 2)
    shared = round(building_area * rng.uniform(0.1, 0.2), 2)
    floors = rng.randint(6, 33)
    other = (
        f"专有建筑面积{building_area - shared:.2f}㎡，分摊建筑面积{shared:.2f}㎡",
        f"房屋结构：{rng.choice(('钢筋混凝土结构', '混合结构'))}",
        f"房屋总层数：{floors}层，房屋所在层：{rng.randint(1, floors)}层",
    )
    return Property(
        certificate_number=number,
        owners=tuple(owners),
        co_ownership=co_ownership(rng, len(owners)),
        location=location,
        unit_number=unit_number(rng, division.code),
        right_type="国有建设用地使用权/房屋所有权",
        right_nature=nature,
        usage=usage,
        area=f"共有宗地面积{rng.uniform(1500, 30000):.1f}㎡/房屋建筑面积{building_area:.2f}㎡",
        term_from=term_from,
        term_until=term_until,
        other=other,
        division=division,
    )


# --- the wild family: rarer places, older registrations, sole proprietors -----------------

# Divisions whose names hold characters recognisers confuse (阆 read as 间, 亳 as 毫) or whose
# names are long (内蒙古自治区), and whose county-level seat issues cards and licences itself.
# Kept apart from DIVISIONS so that the fixed sample set draws exactly as before.
RARE_DIVISIONS: tuple[Division, ...] = (
    Division("511381", "四川省", "南充市", "阆中市", "川", "阆中市公安局",
             ("张飞南路", "郎家拐街", "嘉陵路", "白果树街"), ("锦屏花园", "古城壹号", "滨江御府")),
    Division("150105", "内蒙古自治区", "呼和浩特市", "赛罕区", "蒙", "呼和浩特市公安局赛罕区分局",
             ("大学东街", "昭乌达路", "敕勒川大街", "呼伦贝尔南路"), ("巨华世纪城", "鄂尔多斯大厦")),
    Division("341602", "安徽省", "亳州市", "谯城区", "皖", "亳州市公安局谯城分局",
             ("魏武大道", "芍花路", "亳菊路", "汤王大道"), ("药都花园", "曹操公园小区")),
    Division("411103", "河南省", "漯河市", "郾城区", "豫", "漯河市公安局郾城分局",
             ("淞江路", "黄河路", "沙澧大道", "嵩山路"), ("澧河湾", "郾城新苑")),
    Division("361130", "江西省", "上饶市", "婺源县", "赣", "婺源县公安局",
             ("文公北路", "蚺城街", "天佑路", "紫阳大道"), ("星江花园", "徽州府邸")),
    Division("371122", "山东省", "日照市", "莒县", "鲁", "莒县公安局",
             ("城阳路", "莒州路", "浮来山路", "振兴路"), ("莒国古城", "沭河家园")),
    Division("331122", "浙江省", "丽水市", "缙云县", "浙", "缙云县公安局",
             ("仙都路", "溶江路", "五云中路"), ("鼎湖花苑", "黄龙家园")),
    Division("330212", "浙江省", "宁波市", "鄞州区", "浙", "宁波市公安局鄞州分局",
             ("鄞县大道", "嵩江中路", "天童南路", "姜山镇甬临路"), ("鄞奉府", "东鄞华庭")),
    Division("450109", "广西壮族自治区", "南宁市", "邕宁区", "桂", "南宁市公安局邕宁分局",
             ("蒲兴大道", "龙岗大道", "邕宁大道"), ("邕江湾", "蒲庙家园")),
    Division("440304", "广东省", "深圳市", "福田区", "粤", "深圳市公安局福田分局",
             ("深南中路", "彩田路", "福华三路", "皇岗路"), ("黄埔雅苑", "彩福大厦")),
    Division("350206", "福建省", "厦门市", "湖里区", "闽", "厦门市公安局湖里分局",
             ("嘉禾路", "吕岭路", "枋湖北二路", "五缘湾道"), ("鹭岛花园", "黄厝新村")),
)  # fmt: skip

# Long company types, some of which wrap inside their brackets on a licence.
WILD_COMPANY_TYPES = (
    "有限责任公司（非自然人投资或控股的法人独资）",
    "有限责任公司（自然人投资或控股的法人独资）",
    "其他有限责任公司",
    "有限责任公司（港澳台法人独资）",
    "股份有限公司（非上市、自然人投资或控股）",
    "有限责任公司（自然人投资或控股）",
)
SOLE_PROPRIETOR = "个体工商户"
SOLE_FORMS = ("个人经营", "家庭经营")
SHOP_KINDS = ("便利店", "五金店", "小吃店", "服装店", "理发店", "日用品商店", "农资经营部")


def local_market_authority(division: Division) -> str:
    """The market regulation bureau: a county or county-level city names itself only."""
    if division.district.endswith(("县", "市")):
        return f"{division.district}市场监督管理局"
    return division.market_authority


def registration_number(rng: random.Random, division_code: str) -> str:
    """A 15-digit 注册号 of licences issued before 2015: division, serial, and an ISO 7064
    MOD 11,10 check digit (GS 15-2006)."""
    body = division_code + f"{rng.randint(0, 99999999):08d}"
    return body + mod_11_10.calc_check_digit(body)


def long_address(rng: random.Random, division: Division, least: int, most: int) -> str:
    """A street address of `least`..`most` characters, so it wraps over a chosen number of lines."""
    for _ in range(50):
        address = street_address(rng, division)
        if least <= len(address) <= most:
            return address
    # A short draw grows with a room number; a long one loses its building.
    address = street_address(rng, division)
    while len(address) < least:
        address += f"{rng.randint(1, 9)}"
    return address[:most] if len(address) > most else address
