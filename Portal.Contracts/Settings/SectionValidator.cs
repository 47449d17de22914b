using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Portal.Contracts.Settings;

/// <summary>
/// Validates an options object (the portal's and the edge's) with its data annotations, recursing into members marked
/// <see cref="ValidateObjectMembersAttribute"/>, and names every failure by its full
/// configuration key (<c>Portal:SignIn:LockoutMinutes</c>) so the person who set it can find it.
/// </summary>
public sealed class SectionValidator<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var errors = new List<string>();
        Collect(options, section, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void Collect(object options, string path, List<string> errors)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var members = result.MemberNames.Any() ? result.MemberNames : [""];
            foreach (var member in members)
            {
                var key = member.Length == 0 ? path : $"{path}:{member}";
                var value = member.Length == 0 ? null : options.GetType().GetProperty(member)?.GetValue(options);
                errors.Add($"{key} = '{value}': {result.ErrorMessage}");
            }
        }

        foreach (var property in options.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ValidateObjectMembersAttribute>() is not null && property.GetValue(options) is { } child)
            {
                Collect(child, $"{path}:{property.Name}", errors);
            }
        }
    }
}
