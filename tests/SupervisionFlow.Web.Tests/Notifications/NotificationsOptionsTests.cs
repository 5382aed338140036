using Microsoft.Extensions.Configuration;
using SupervisionFlow.Web.Notifications;

namespace SupervisionFlow.Web.Tests.Notifications;

public sealed class NotificationsOptionsTests
{
    private static NotificationsOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new NotificationsOptions();
        configuration.GetSection(NotificationsOptions.Section).Bind(options);
        return options;
    }

    [Fact]
    public void Defaults_AreValid_AndMatchTheDocumentedPolicy()
    {
        var options = Bind([]);

        Assert.True(new NotificationsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal([7, 1], options.Reminders.EffectiveDaysBefore);
        Assert.Equal(new TimeOnly(8, 0), options.Reminders.SendAtTime);
        Assert.Equal((10, 8, 15), (options.Dispatch.IntervalSeconds, options.Dispatch.MaxAttempts, options.Reminders.IntervalMinutes));
        Assert.Equal(("data/mail", "lgw@example.gov.cn", "http://localhost:5080"), (options.PickupDirectory, options.OfficeEmail, options.BaseUrl));
        Assert.False(options.Sms.Enabled);
        Assert.True(string.IsNullOrEmpty(options.Smtp.Host));
    }

    [Fact]
    public void Bind_ConfiguredDaysBefore_ReplaceTheDefault()
    {
        var options = Bind(new()
        {
            ["Notifications:Reminders:DaysBefore:0"] = "10",
            ["Notifications:Reminders:DaysBefore:1"] = "3",
            ["Notifications:Reminders:SendAt"] = "09:30",
        });

        Assert.Equal([10, 3], options.Reminders.EffectiveDaysBefore);
        Assert.Equal(new TimeOnly(9, 30), options.Reminders.SendAtTime);
    }

    [Fact]
    public void Validate_BadSettings_NameEachSetting()
    {
        var options = Bind(new()
        {
            ["Notifications:OfficeEmail"] = "not-an-address",
            ["Notifications:Sms:Enabled"] = "true",
            ["Notifications:Dispatch:MaxAttempts"] = "0",
            ["Notifications:Reminders:DaysBefore:0"] = "0",
            ["Notifications:Reminders:SendAt"] = "8 Uhr",
        });

        var result = new NotificationsOptionsValidator().Validate(null, options);

        Assert.False(result.Succeeded);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Notifications:OfficeEmail", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Sms:Endpoint", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Dispatch:MaxAttempts", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Reminders:DaysBefore", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Reminders:SendAt", StringComparison.Ordinal));
    }
}
