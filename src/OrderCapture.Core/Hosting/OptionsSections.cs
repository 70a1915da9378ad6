using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace OrderCapture.Core.Hosting;

/// <summary>How every settings section is registered: bound once, checked at start.</summary>
public static class OptionsSections
{
    /// <summary>
    /// Binds <paramref name="section"/> to <typeparamref name="TOptions"/> and checks it at start with
    /// <typeparamref name="TAnnotations"/>, the source-generated validator of its attributes (nested
    /// sections and list items included). Cross-field rules are further <see cref="IValidateOptions{TOptions}"/>.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSection<TOptions, TAnnotations>(this IServiceCollection services, string section)
        where TOptions : class
        where TAnnotations : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TAnnotations>();
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }
}
