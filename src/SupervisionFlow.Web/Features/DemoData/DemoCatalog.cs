namespace SupervisionFlow.Web.Features.DemoData;

// The fixed part of the demonstration data: a municipal directory of handling units, special committees and
// leaders, the delegations deputies come from, and per suggestion category the units that usually handle it and
// the phrases its titles and contents are composed of. Names follow what city congresses publish (e.g. Chengdu's
// handling report, seed 002); the city itself is fictional, every mailbox is on example.gov.cn / example.cn.

/// <summary>A handling unit of the demonstration directory.</summary>
internal sealed record DemoUnit(string Id, string Name, string Kind);

/// <summary>A special committee and the categories it supervises.</summary>
internal sealed record DemoCommittee(string Id, string Name, string[] Fields);

/// <summary>A leader who leads or supervises key suggestions.</summary>
internal sealed record DemoLeader(string Id, string Name, string Title, string Kind);

/// <summary>A suggestion category: who handles it, who supervises it, and the words its suggestions are made of.</summary>
internal sealed record DemoCategory(
    string Name,
    int Weight,
    string[] LeadUnits,
    string[] CoUnits,
    string CommitteeId,
    string[] Topics,
    string[] Problems,
    string[] Measures);

internal static class DemoCatalog
{
    public const string Government = "政府部门";

    public static readonly DemoUnit[] Units =
    [
        new("fgw", "市发展和改革委员会", Government),
        new("jyj", "市教育局", Government),
        new("kjj", "市科学技术局", Government),
        new("gxj", "市经济和信息化局", Government),
        new("gaj", "市公安局", Government),
        new("mzj", "市民政局", Government),
        new("sfj", "市司法局", Government),
        new("czj", "市财政局", Government),
        new("rsj", "市人力资源和社会保障局", Government),
        new("zrzyj", "市规划和自然资源局", Government),
        new("sthjj", "市生态环境局", Government),
        new("zjj", "市住房和城乡建设局", Government),
        new("cgj", "市城市管理和综合执法局", Government),
        new("jtj", "市交通运输局", Government),
        new("slj", "市水务局", Government),
        new("nyj", "市农业农村局", Government),
        new("swj", "市商务局", Government),
        new("wglj", "市文化广电旅游局", Government),
        new("wjw", "市卫生健康委员会", Government),
        new("tyjrj", "市退役军人事务局", Government),
        new("yjj", "市应急管理局", Government),
        new("gzw", "市国有资产监督管理委员会", Government),
        new("sjj", "市审计局", Government),
        new("scjgj", "市市场监督管理局", Government),
        new("tyj", "市体育局", Government),
        new("tjj", "市统计局", Government),
        new("ybj", "市医疗保障局", Government),
        new("lyj", "市林业局", Government),
        new("zwfwj", "市政务服务管理局", Government),
        new("xfj", "市信访局", Government),
        new("gjj", "市住房公积金管理中心", Government),
        new("zy", "市中级人民法院", "法院"),
        new("jcy", "市人民检察院", "检察院"),
        new("qxj", "市气象局", "其他"),
        new("yzglj", "市邮政管理局", "其他"),
        new("dxgs", "中国电信市分公司", "其他"),
        new("gdgs", "国网市供电公司", "其他"),
        new("gxs", "市供销合作社", "其他"),
        new("cl", "市残疾人联合会", "其他"),
        new("tsw", "共青团市委", "其他"),
    ];

    /// <summary>Districts and counties whose branch units a larger directory adds (a national session: ~212 units).</summary>
    private static readonly (string Code, string Name)[] Districts =
    [
        ("dc", "东城区"), ("xc", "西城区"), ("nh", "南湖区"), ("bs", "北山区"), ("jb", "江滨区"), ("gx", "高新区"),
        ("lj", "临江县"), ("qs", "青山县"), ("bsh", "白石市"), ("hx", "河西区"),
    ];

    /// <summary>The most units <see cref="UnitsFor"/> can name: the city's and one branch of each per district.</summary>
    public static int MaxUnits => Units.Length * (1 + Districts.Length);

    /// <summary>
    /// The directory's <paramref name="count"/> units: the city's own first, then district branches of them
    /// (<c>jyj-dc</c>, 东城区教育局) in district order. Fewer than the city's own keeps the city's own all the same:
    /// the categories name them.
    /// </summary>
    public static IReadOnlyList<DemoUnit> UnitsFor(int count)
    {
        var units = new List<DemoUnit>(Units);
        for (var i = Units.Length; i < Math.Min(count, MaxUnits); i++)
        {
            var city = Units[i % Units.Length];
            var (code, district) = Districts[(i / Units.Length) - 1];
            var name = city.Name.StartsWith('市') ? city.Name[1..] : city.Name.Replace("市", "", StringComparison.Ordinal);
            units.Add(new DemoUnit($"{city.Id}-{code}", district + name, city.Kind));
        }
        return units;
    }

    public static readonly DemoCommittee[] Committees =
    [
        new("fzw", "法制委员会", ["政法"]),
        new("jsw", "监察和司法委员会", ["政法"]),
        new("cjw", "财政经济委员会", ["财政经济", "工业经济"]),
        new("jkww", "教育科学文化卫生委员会", ["教科文卫体"]),
        new("chw", "城乡建设环境保护委员会", ["城乡建设与管理", "交通邮电"]),
        new("nyw", "农业与农村委员会", ["农林水利"]),
        new("shw", "社会建设委员会", ["社会保障"]),
        new("mzw", "民族宗教侨务外事委员会", []),
    ];

    public static readonly DemoLeader[] Leaders =
    [
        new("zhang", "张志远", "常委会主任", "主任会议成员"),
        new("wang", "王秀兰", "常委会副主任", "主任会议成员"),
        new("li", "李明华", "常委会副主任", "主任会议成员"),
        new("zhao", "赵国强", "常委会秘书长", "主任会议成员"),
        new("chen", "陈建军", "市长", "政府领导"),
        new("liu", "刘海燕", "副市长", "政府领导"),
    ];

    public static readonly string[] Delegations =
    [
        "城东区代表团", "城西区代表团", "城南区代表团", "城北区代表团", "江北区代表团", "高新区代表团",
        "经开区代表团", "临江县代表团", "青山县代表团", "白沙县代表团", "云溪县代表团", "东湖市代表团",
    ];

    /// <summary>How suggestions are formed, as recorded on real forms, with the weight each has.</summary>
    public static readonly (string Name, int Weight, string Intro)[] FormedBy =
    [
        ("专题调研", 35, "经专题调研"),
        ("集中视察", 20, "在代表集中视察中"),
        ("代表小组活动", 25, "在代表小组活动中"),
        ("座谈走访", 20, "通过座谈走访选民"),
    ];

    public static readonly string[] Regions =
    [
        "中心城区", "老城区", "城东片区", "高新区", "北部新城", "沿江地区", "城乡结合部", "农村地区", "经开区", "临江县", "青山县", "各区县",
    ];

    public static readonly string[] CommonMeasures =
    [
        "科学编制专项规划，统筹布局、分步实施",
        "加大财政投入，建立稳定的经费保障机制",
        "明确部门职责分工，建立协调联动工作机制",
        "加强督促检查，将落实情况纳入部门绩效考核",
        "引导社会力量参与，形成多元投入格局",
        "加强政策宣传解读，提高群众知晓率和参与度",
        "运用信息化手段，提升服务和监管的精细化水平",
        "总结推广试点经验，逐步在全市范围铺开",
    ];

    public static readonly DemoCategory[] Categories =
    [
        new("城乡建设与管理", 22, ["zjj", "cgj", "zrzyj", "sthjj", "gjj", "gdgs"], ["fgw", "czj", "slj", "zrzyj", "cgj"], "chw",
            ["老旧小区改造", "老旧小区加装电梯工作", "城市内涝治理", "生活垃圾分类", "背街小巷环境整治", "口袋公园建设", "物业服务管理",
             "城中村改造", "噪声污染防治", "大气污染联防联控", "配电网改造升级", "住房公积金提取便利化", "建筑工地扬尘管控"],
            ["配套设施老化、功能不全", "雨季积水点多、排水能力不足", "群众参与积极性不高", "管理责任主体不清", "资金筹措渠道单一",
             "后期管护跟不上", "审批流程较长、手续繁琐", "投诉处理不及时"],
            ["将该项工作纳入年度民生实事项目", "简化审批流程，推行联合审批和并联办理", "落实属地管理责任，健全长效管护机制",
             "对重点区域开展专项整治行动", "完善居民议事协商机制，推动共建共治共享"]),
        new("教科文卫体", 20, ["jyj", "wjw", "wglj", "tyj", "kjj"], ["czj", "rsj", "zrzyj", "ybj", "tsw"], "jkww",
            ["中小学课后服务", "学前教育普惠资源扩容", "义务教育学校布局调整", "基层医疗卫生服务能力建设", "家庭医生签约服务",
             "公共文化服务设施免费开放", "全民健身场地设施建设", "历史文化街区保护利用", "职业教育产教融合", "中小学生心理健康教育",
             "社区卫生服务中心标准化建设", "科技成果转化"],
            ["学位供给紧张", "优质资源分布不均衡", "设施陈旧老化", "专业人才短缺", "经费保障不足", "服务供给与群众需求不匹配",
             "运行管理机制不健全", "群众知晓率不高"],
            ["推动优质资源向基层和薄弱地区下沉", "加强专业人才队伍建设，完善激励保障机制", "推进学校体育场馆向社会有序开放",
             "建立医联体内双向转诊和资源共享机制", "完善课后服务经费分担和教师补助办法"]),
        new("交通邮电", 14, ["jtj", "gaj", "yzglj", "dxgs"], ["zjj", "zrzyj", "cgj", "czj", "fgw"], "chw",
            ["城区公交线网优化", "轨道交通站点接驳", "老旧小区停车设施建设", "农村公路提档升级", "快递末端服务网点布局", "5G网络覆盖",
             "城区交通拥堵治理", "非机动车道规范设置", "农村客运班线运营", "学校周边交通秩序管理"],
            ["线路重复率高、覆盖不足", "高峰时段拥堵严重", "停车泊位缺口较大", "路面破损、安全设施不完善", "换乘不便、接驳距离远",
             "信号覆盖存在盲区", "运营补贴机制不健全"],
            ["开展公交线网评估，增开社区微循环线路", "利用边角地、闲置地增设公共停车泊位", "优化信号灯配时，推行潮汐车道",
             "完善农村公路养护责任和资金保障", "推进快递进村和末端共配"]),
        new("社会保障", 12, ["rsj", "mzj", "ybj", "tyjrj", "cl"], ["czj", "wjw", "zjj", "tsw"], "shw",
            ["居家社区养老服务", "灵活就业人员社会保险参保", "高校毕业生就业服务", "困难群众救助", "医保异地就医直接结算",
             "残疾人托养服务", "退役军人就业安置", "婴幼儿照护服务", "农民工工资支付保障"],
            ["服务网点覆盖不足", "保障标准偏低", "政策衔接不够顺畅", "经办服务不够便捷", "专业服务人员缺乏", "部分群体参保意愿不强"],
            ["扩大社区嵌入式服务设施覆盖", "提高保障标准并建立动态调整机制", "推行“一网通办”和“就近办”",
             "加强欠薪源头治理和联合惩戒", "加大公益性岗位开发力度"]),
        new("工业经济", 10, ["gxj", "fgw", "swj", "scjgj", "gzw"], ["czj", "kjj", "zwfwj", "rsj"], "cjw",
            ["中小企业融资服务", "专精特新企业培育", "工业园区基础设施配套", "营商环境优化", "夜间经济发展", "数字经济产业发展",
             "老字号企业保护传承", "外贸企业稳订单拓市场", "制造业数字化转型", "食品安全监管"],
            ["融资难、融资贵", "园区配套不完善", "惠企政策落地不到位", "要素保障不足", "创新能力偏弱", "监管力量薄弱"],
            ["设立中小企业应急转贷资金", "完善园区水电气路和公共服务配套", "建立惠企政策“免申即享”机制",
             "支持龙头企业带动产业链上下游协同发展", "加强对重点企业的跟踪服务"]),
        new("农林水利", 9, ["nyj", "slj", "lyj", "qxj", "gxs"], ["czj", "zrzyj", "sthjj", "fgw"], "nyw",
            ["高标准农田建设", "农村生活污水治理", "中小河流综合治理", "农村供水保障", "特色农产品品牌建设", "森林防火能力建设",
             "山塘水库除险加固", "农村人居环境整治", "乡村产业振兴", "农业社会化服务"],
            ["基础设施建设标准不高", "建后管护机制缺失", "资金投入不足", "产业链条短、附加值低", "技术服务跟不上", "部分设施存在安全隐患"],
            ["提高建设标准并落实建后管护主体", "整合涉农资金，集中投入重点项目", "培育新型农业经营主体",
             "加强农技推广和社会化服务体系建设", "开展隐患排查，限期完成除险加固"]),
        new("政法", 8, ["gaj", "sfj", "zy", "jcy", "yjj", "xfj"], ["mzj", "jyj", "scjgj", "cgj"], "fzw",
            ["电信网络诈骗防范", "社区矫正工作", "公共法律服务体系建设", "矛盾纠纷多元化解", "未成年人司法保护", "涉民生案件执行",
             "安全生产监管", "电动自行车安全管理", "基层派出所警力配置", "公益诉讼工作"],
            ["宣传覆盖面不够", "基层力量薄弱", "部门协作不够顺畅", "执法标准不统一", "源头治理不到位", "执行周期较长"],
            ["加强反诈宣传进社区、进校园、进企业", "充实基层警力和专职调解员队伍", "健全诉调对接和检调对接机制",
             "开展电动自行车违规充电专项整治", "完善执行联动和失信联合惩戒机制"]),
        new("财政经济", 5, ["czj", "fgw", "tjj", "sjj", "zwfwj"], ["gxj", "swj", "gzw", "scjgj"], "cjw",
            ["惠企政策兑现", "政府采购支持中小企业", "预算绩效管理", "国有资产管理", "消费市场提振", "涉企收费清理规范",
             "政府投资项目管理"],
            ["政策兑现周期长", "绩效评价结果运用不够", "资产底数不清", "项目前期论证不充分", "统计监测不够及时"],
            ["压缩政策兑现时限并公开办理进度", "强化绩效评价结果与预算安排挂钩", "开展国有资产清查和盘活利用",
             "加强政府投资项目前期论证和全过程监管", "提高中小企业预留采购份额"]),
    ];
}
