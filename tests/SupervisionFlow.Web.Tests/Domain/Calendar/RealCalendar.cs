using SupervisionFlow.Web.Domain.Calendar;

// Not "…Tests.Domain.Calendar" like the folder: a namespace of that name would hide every member called Calendar that
// other test folders import with "using static" (e.g. the notification tests' shared calendar).
namespace SupervisionFlow.Web.Tests.Domain.Calendars;

/// <summary>The shipped <c>workflows/calendars</c> files, found from the repository root, loaded once.</summary>
public static class RealCalendar
{
    private static readonly Lazy<WorkingCalendar> _calendar = new(() => CalendarLoader.LoadDirectory(Directory));

    public static WorkingCalendar Instance => _calendar.Value;

    public static string RepositoryRoot => RepoPaths.Root;

    public static string Directory => RepoPaths.Calendars;
}

/// <summary>A scratch directory of calendar files written by one test.</summary>
public sealed class CalendarFolder : IDisposable
{
    public CalendarFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "supervisionflow-calendar-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string fileName, string json)
    {
        var file = System.IO.Path.Combine(Path, fileName);
        File.WriteAllText(file, json);
        return file;
    }

    public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
}
