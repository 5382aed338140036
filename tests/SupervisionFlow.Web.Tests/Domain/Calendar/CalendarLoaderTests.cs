using SupervisionFlow.Web.Domain.Calendar;

namespace SupervisionFlow.Web.Tests.Domain.Calendars;

public class CalendarLoaderTests
{
    private const string Valid2030 = """
        {
          // comments are allowed for administrators
          "year": 2030,
          "source": "test notice",
          "holidays": [ { "name": "元旦", "dates": ["2030-01-01"] } ],
          "workingWeekends": [ { "date": "2030-01-05", "note": "调休" } ],
        }
        """;

    [Fact]
    public void LoadDirectory_ValidFileWithCommentsAndTrailingComma_Loads()
    {
        using var folder = new CalendarFolder();
        folder.Write("2030.json", Valid2030);

        var calendar = CalendarLoader.LoadDirectory(folder.Path);

        Assert.Equal([2030], calendar.Years);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2030, 1, 1)));
        Assert.True(calendar.IsWorkingDay(new DateOnly(2030, 1, 5)));
    }

    [Theory]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ ", "not valid JSON")]
    [InlineData("[]", "one JSON object")]
    [InlineData("{ \"source\": \"x\", \"holidays\": [] }", "year: required")]
    [InlineData("{ \"year\": 2031, \"source\": \"x\", \"holidays\": [] }", "file is named 2030.json")]
    [InlineData("{ \"year\": 2030, \"holidays\": [] }", "source: required")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\" }", "holidays: required")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ { \"name\": \"元旦\", \"dates\": [\"2030-02-30\"] } ] }", "holidays[0].dates[0]")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ { \"name\": \"元旦\", \"dates\": [\"2031-01-01\"] } ] }", "put it in 2031.json")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ { \"name\": \"元旦\", \"dates\": [] } ] }", "holidays[0].dates")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ { \"dates\": [\"2030-01-01\"] } ] }", "holidays[0].name")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [], \"workingWeekends\": [ { \"date\": \"2030-01-07\" } ] }", "Monday")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [], \"workingWeekend\": [] }", "workingWeekend: unknown property")]
    [InlineData("{ \"year\": 2030, \"source\": \"x\", \"holidays\": [ { \"name\": \"a\", \"dates\": [\"2030-01-05\"] } ], \"workingWeekends\": [ { \"date\": \"2030-01-05\" } ] }", "listed twice")]
    public void LoadDirectory_MalformedFile_NamesFileAndProblem(string json, string expected)
    {
        using var folder = new CalendarFolder();
        var file = folder.Write("2030.json", json);

        var error = Assert.Throws<CalendarDataException>(() => CalendarLoader.LoadDirectory(folder.Path));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_SameYearTwice_NamesBothFiles()
    {
        using var folder = new CalendarFolder();
        var first = folder.Write("2030.json", Valid2030);
        var second = folder.Write("extra.json", Valid2030);

        var error = Assert.Throws<CalendarDataException>(() => CalendarLoader.LoadDirectory(folder.Path));

        Assert.Contains(first, error.Message, StringComparison.Ordinal);
        Assert.Contains(second, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_MissingDirectory_NamesPathAndSetting()
    {
        var missing = Path.Combine(Path.GetTempPath(), "supervisionflow-calendar-tests", "missing-" + Guid.NewGuid().ToString("N"));

        var error = Assert.Throws<CalendarDataException>(() => CalendarLoader.LoadDirectory(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("Handling:CalendarPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDirectory_EmptyDirectory_IsAnError()
    {
        using var folder = new CalendarFolder();

        var error = Assert.Throws<CalendarDataException>(() => CalendarLoader.LoadDirectory(folder.Path));

        Assert.Contains("<year>.json", error.Message, StringComparison.Ordinal);
    }
}
