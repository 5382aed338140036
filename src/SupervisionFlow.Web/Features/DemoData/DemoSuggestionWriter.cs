using Bogus;

namespace SupervisionFlow.Web.Features.DemoData;

/// <summary>
/// Composes suggestion titles and contents from a category's topics, problems and measures, in the shape deputies
/// write them: “关于加快推进{区域}{对象}的建议”, the situation, the problems found (一是…二是…), then numbered proposals.
/// </summary>
internal sealed class DemoSuggestionWriter(Faker faker)
{
    private static readonly string[] TitleTemplates =
    [
        "关于加快推进{R}{T}的建议",
        "关于进一步加强{R}{T}的建议",
        "关于{R}{T}的几点建议",
        "关于完善{R}{T}的建议",
        "关于解决{R}{T}中{P}问题的建议",
        "关于推动{R}{T}提质增效的建议",
    ];

    private static readonly string[] Numerals = ["一", "二", "三", "四"];

    public (string Title, string Content, string Topic) Write(DemoCategory category, string formedByIntro)
    {
        var topic = faker.PickRandom(category.Topics);
        var region = faker.Random.Bool(0.45f) ? faker.PickRandom(DemoCatalog.Regions) : "";
        var problems = faker.PickRandom(category.Problems, 3).ToList();
        var title = Title(topic, region, problems[0]);
        var measures = faker.PickRandom(category.Measures, 2)
            .Concat(faker.PickRandom(DemoCatalog.CommonMeasures, faker.Random.Int(1, 2)))
            .ToList();
        return (title, Content(topic, region, formedByIntro, problems, measures), topic);
    }

    /// <summary>A second suggestion on the same topic (the kind the office merges, 并案).</summary>
    public (string Title, string Content) WriteSimilar(DemoCategory category, string topic, string formedByIntro)
    {
        var problems = faker.PickRandom(category.Problems, 3).ToList();
        var measures = faker.PickRandom(category.Measures, 2).Concat(faker.PickRandom(DemoCatalog.CommonMeasures, 1)).ToList();
        return ($"关于{topic}有关问题的建议", Content(topic, "", formedByIntro, problems, measures));
    }

    /// <summary>The text a deputy sends back after the office returned the suggestion for revision.</summary>
    public static string Revised(string content) =>
        content + "\n（修改稿：按审核意见补充了相关数据和具体点位，删去了涉及个人事项的内容。）";

    private string Title(string topic, string region, string problem) =>
        faker.PickRandom(TitleTemplates).Replace("{R}", region, StringComparison.Ordinal)
            .Replace("{T}", topic, StringComparison.Ordinal)
            .Replace("{P}", problem, StringComparison.Ordinal);

    private string Content(string topic, string region, string formedByIntro, IReadOnlyList<string> problems, IReadOnlyList<string> measures)
    {
        var where = region.Length > 0 ? region : "我市";
        var found = string.Join("；", problems.Select((p, i) => $"{Numerals[i]}是{p}"));
        var proposals = string.Join("\n", measures.Select((m, i) => $"{Numerals[i]}、{m}。"));
        var households = faker.Random.Int(3, 60) * 100;
        return $"{where}{topic}事关群众切身利益，近年来相关部门做了大量工作，取得了积极成效，但与群众期盼相比仍有差距。"
               + $"{formedByIntro}，代表们了解到：{found}。据初步统计，涉及群众约{households}户，群众对此反映较为强烈。\n"
               + $"为此建议：\n{proposals}";
    }
}
