using System.Globalization;
using System.Text.Json;

namespace SupervisionFlow.Web.Domain.Calendar;

/// <summary>
/// Reads a directory of per-year holiday files (<c>2026.json</c> …) into a <see cref="WorkingCalendar"/>.
/// Administrators edit these files by hand each year, so every problem is reported with the file, the JSON path
/// and what is wrong, and comments and trailing commas are allowed.
/// </summary>
/// <remarks>
/// File shape:
/// <code>
/// { "year": 2026, "source": "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日发布）",
///   "holidays": [ { "name": "元旦", "dates": ["2026-01-01", "2026-01-02", "2026-01-03"] } ],
///   "workingWeekends": [ { "date": "2026-01-04", "note": "元旦调休，周日上班" } ] }
/// </code>
/// </remarks>
public static class CalendarLoader
{
    private static readonly JsonDocumentOptions _jsonOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private static readonly string[] _fileProperties = ["year", "source", "provisional", "holidays", "workingWeekends"];
    private static readonly string[] _holidayProperties = ["name", "dates", "note"];
    private static readonly string[] _workingWeekendProperties = ["date", "note"];

    /// <summary>Loads every <c>*.json</c> file of <paramref name="directory"/>; throws <see cref="CalendarDataException"/> on any problem.</summary>
    public static WorkingCalendar LoadDirectory(string directory)
    {
        var fullPath = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(fullPath))
        {
            throw new CalendarDataException(
                $"工作日历目录不存在 / The working-calendar directory does not exist: {fullPath} (setting Handling:CalendarPath).");
        }
        var files = System.IO.Directory.GetFiles(fullPath, "*.json").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CalendarDataException(
                $"工作日历目录中没有年度文件 / The working-calendar directory {fullPath} has no <year>.json file (setting Handling:CalendarPath).");
        }
        var years = new Dictionary<int, CalendarYear>();
        foreach (var file in files)
        {
            var year = LoadFile(file);
            if (years.TryGetValue(year.Year, out var earlier))
            {
                throw new CalendarDataException(
                    $"{file}: year {year.Year} is already defined by {earlier.File}; keep one file per year / 同一年度只能有一个文件.");
            }
            years.Add(year.Year, year);
        }
        return new WorkingCalendar(fullPath, years.Values);
    }

    /// <summary>Reads and checks one year's file.</summary>
    public static CalendarYear LoadFile(string file)
    {
        string text;
        try
        {
            text = File.ReadAllText(file);
        }
        catch (IOException e)
        {
            throw new CalendarDataException($"{file}: cannot be read / 无法读取: {e.Message}", e);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, _jsonOptions);
        }
        catch (JsonException e)
        {
            throw new CalendarDataException(
                $"{file}: not valid JSON at line {e.LineNumber + 1}, position {e.BytePositionInLine + 1} / JSON 格式错误: {e.Message}", e);
        }
        using (document)
        {
            return Read(file, document.RootElement);
        }
    }

    private static CalendarYear Read(string file, JsonElement root)
    {
        var problem = new Problems(file);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw problem.At("$", "the file must contain one JSON object with year, source, holidays and workingWeekends");
        }
        CheckProperties(problem, root, "$", _fileProperties);

        if (!root.TryGetProperty("year", out var yearElement) || !yearElement.TryGetInt32(out var year) || year is < 1949 or > 9999)
        {
            throw problem.At("year", "required: the four-digit year the file describes, e.g. \"year\": 2026");
        }
        var nameYear = Path.GetFileNameWithoutExtension(file);
        if (int.TryParse(nameYear, NumberStyles.None, CultureInfo.InvariantCulture, out var fileYear) && fileYear != year)
        {
            throw problem.At("year", $"is {year} but the file is named {Path.GetFileName(file)}");
        }

        var source = RequiredString(problem, root, "source", "$",
            "required: the State Council notice the dates come from, e.g. 国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日发布）");

        var seen = new Dictionary<DateOnly, string>();
        var holidays = new List<CalendarHoliday>();
        if (!root.TryGetProperty("holidays", out var holidaysElement) || holidaysElement.ValueKind != JsonValueKind.Array)
        {
            throw problem.At("holidays", "required: an array of { \"name\": ..., \"dates\": [\"yyyy-MM-dd\", ...] }");
        }
        var index = 0;
        foreach (var holiday in holidaysElement.EnumerateArray())
        {
            var path = $"holidays[{index++}]";
            if (holiday.ValueKind != JsonValueKind.Object)
            {
                throw problem.At(path, "must be an object { \"name\": ..., \"dates\": [...] }");
            }
            CheckProperties(problem, holiday, path, _holidayProperties);
            var name = RequiredString(problem, holiday, "name", path, "required: the holiday's name, e.g. 国庆节");
            if (!holiday.TryGetProperty("dates", out var datesElement) || datesElement.ValueKind != JsonValueKind.Array
                || datesElement.GetArrayLength() == 0)
            {
                throw problem.At($"{path}.dates", "required: a non-empty array of dates \"yyyy-MM-dd\", one per day off");
            }
            var dates = new List<DateOnly>();
            var dateIndex = 0;
            foreach (var dateElement in datesElement.EnumerateArray())
            {
                var datePath = $"{path}.dates[{dateIndex++}]";
                var date = ReadDate(problem, dateElement, datePath, year);
                Claim(problem, seen, date, datePath, $"holiday {name}");
                dates.Add(date);
            }
            holidays.Add(new CalendarHoliday(name, dates));
        }

        var workingWeekends = new List<CalendarWorkingWeekend>();
        if (root.TryGetProperty("workingWeekends", out var weekendsElement))
        {
            if (weekendsElement.ValueKind != JsonValueKind.Array)
            {
                throw problem.At("workingWeekends", "must be an array of { \"date\": \"yyyy-MM-dd\", \"note\": ... }");
            }
            index = 0;
            foreach (var weekend in weekendsElement.EnumerateArray())
            {
                var path = $"workingWeekends[{index++}]";
                if (weekend.ValueKind != JsonValueKind.Object)
                {
                    throw problem.At(path, "must be an object { \"date\": \"yyyy-MM-dd\", \"note\": ... }");
                }
                CheckProperties(problem, weekend, path, _workingWeekendProperties);
                if (!weekend.TryGetProperty("date", out var dateElement))
                {
                    throw problem.At($"{path}.date", "required: the Saturday or Sunday that is worked, \"yyyy-MM-dd\"");
                }
                var date = ReadDate(problem, dateElement, $"{path}.date", year);
                if (date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                {
                    throw problem.At($"{path}.date",
                        $"{Format(date)} is a {date.DayOfWeek}: a swapped working day (调休上班) must be a Saturday or Sunday");
                }
                Claim(problem, seen, date, $"{path}.date", "a working weekend");
                string? note = null;
                if (weekend.TryGetProperty("note", out var noteElement))
                {
                    note = noteElement.ValueKind == JsonValueKind.String
                        ? noteElement.GetString()
                        : throw problem.At($"{path}.note", "must be a string");
                }
                workingWeekends.Add(new CalendarWorkingWeekend(date, note));
            }
        }
        // A provisional year lists only the statutory days of 全国年节及纪念日放假办法 until the State Council's notice
        // (with its bridging days and swapped weekends) is entered; start-up warns about it.
        var provisional = root.TryGetProperty("provisional", out var provisionalElement) && provisionalElement.ValueKind == JsonValueKind.True;
        return new CalendarYear(year, source, file, holidays, workingWeekends) { Provisional = provisional };
    }

    private static DateOnly ReadDate(Problems problem, JsonElement element, string path, int year)
    {
        if (element.ValueKind != JsonValueKind.String
            || !DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw problem.At(path, $"{element.GetRawText()} is not a date written \"yyyy-MM-dd\"");
        }
        // A swap in another year (e.g. a Saturday of late December worked for 元旦) belongs in that year's file, so
        // that every date is decided by the file of its own year.
        if (date.Year != year)
        {
            throw problem.At(path, $"{Format(date)} is not in {year}; put it in {date.Year}.json");
        }
        return date;
    }

    private static void Claim(Problems problem, Dictionary<DateOnly, string> seen, DateOnly date, string path, string what)
    {
        if (!seen.TryAdd(date, what))
        {
            throw problem.At(path, $"{Format(date)} is listed twice (already as {seen[date]})");
        }
    }

    private static string RequiredString(Problems problem, JsonElement element, string name, string parent, string requirement)
    {
        var path = parent == "$" ? name : $"{parent}.{name}";
        if (!element.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String
            || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw problem.At(path, requirement);
        }
        return value.GetString()!.Trim();
    }

    // Unknown names are almost always typos ("workingWeekend"), which would otherwise drop a whole list silently.
    private static void CheckProperties(Problems problem, JsonElement element, string path, string[] allowed)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (!allowed.Contains(property.Name, StringComparer.Ordinal))
            {
                var where = path == "$" ? property.Name : $"{path}.{property.Name}";
                throw problem.At(where, $"unknown property; expected one of: {string.Join(", ", allowed)}");
            }
        }
    }

    private static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private sealed class Problems(string file)
    {
        public CalendarDataException At(string path, string message) =>
            new($"工作日历文件有误 / Invalid calendar file {file}: {path}: {message}");
    }
}
