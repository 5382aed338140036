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
        Assert.Equal((MailKit.Security.SecureSocketOptions.StartTlsWhenAvailable, 15, 30), (options.Smtp.Security, options.Smtp.ConnectTimeoutSeconds, options.Smtp.TimeoutSeconds));
        Assert.Equal((TimeSpan.FromMinutes(5), 0d, 50), (options.Dispatch.ClaimLease, options.Dispatch.MaxMailsPerSecond, options.Dispatch.BatchSize));
        Assert.Equal("example.gov.cn", options.Smtp.EffectiveMessageIdDomain);
        Assert.Null(ServerCertificatePolicy.For(options.Smtp)); // MailKit's own validation: trust store and host name
    }

    [Fact]
    public void Bind_SmtpSecurityAndLease_ReadFromConfiguration()
    {
        var options = Bind(new()
        {
            ["Notifications:Smtp:Security"] = "SslOnConnect",
            ["Notifications:Smtp:MessageIdDomain"] = "rd.example.gov.cn",
            ["Notifications:Dispatch:ClaimLease"] = "00:03:00",
            ["Notifications:Dispatch:MaxMailsPerSecond"] = "12.5",
        });

        Assert.True(new NotificationsOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(MailKit.Security.SecureSocketOptions.SslOnConnect, options.Smtp.Security);
        Assert.Equal("rd.example.gov.cn", options.Smtp.EffectiveMessageIdDomain);
        Assert.Equal((TimeSpan.FromMinutes(3), 12.5), (options.Dispatch.ClaimLease, options.Dispatch.MaxMailsPerSecond));
    }

    [Fact]
    public void Validate_BadMailTransportSettings_NameEachSetting()
    {
        var options = Bind(new()
        {
            ["Notifications:Smtp:CertificateThumbprint"] = "AB:CD",
            ["Notifications:Smtp:DangerousAcceptAnyCertificate"] = "true",
            ["Notifications:Smtp:ConnectTimeoutSeconds"] = "0",
            ["Notifications:Dispatch:MaxMailsPerSecond"] = "-1",
            // Shorter than one send may take (15 s connect + 4 × 30 s): a second node could send the row again.
            ["Notifications:Dispatch:ClaimLease"] = "00:01:00",
        });

        var failures = new NotificationsOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains(failures, f => f.StartsWith("Notifications:Smtp:CertificateThumbprint 'AB:CD' must be a SHA-256", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Smtp:DangerousAcceptAnyCertificate", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Smtp:ConnectTimeoutSeconds", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Dispatch:MaxMailsPerSecond", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Notifications:Dispatch:ClaimLease 00:01:00", StringComparison.Ordinal));
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
