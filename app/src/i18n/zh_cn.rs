//! 简体中文 — the default language.

use super::Texts;
use domain::{Category, ErrorKey};

pub static TEXTS: Texts = Texts {
    app_name: "同心",
    tagline: "妇女之家 · 互助同行",
    skip_to_content: "跳到正文",
    switch_language: "English",
    nav_activities: "活动",
    nav_groups: "互助组",
    nav_circles: "家教圈",
    nav_me: "我的",
    nav_label: "主导航",
    category,
    activities_heading: "近期活动",
    all_categories: "全部",
    category_filter_label: "按类别查看",
    no_activities: "暂时没有活动，过几天再来看看。",
    seats_left: |n| format!("剩 {n} 个名额"),
    full: "已满，可排队",
    today: "今天",
    tomorrow: "明天",
    day_after_tomorrow: "后天",
    weekday: |d| ["周一", "周二", "周三", "周四", "周五", "周六", "周日"][d as usize % 7],
    month_day: |m, d| format!("{m}月{d}日"),
    groups_heading: "互助组",
    groups_empty: "附近还没有互助组。妇联会在这里组织带娃互助、种植合作等小组。",
    circles_heading: "家庭教育交流圈",
    circles_empty: "交流圈即将开放，可以在这里和其他妈妈聊聊孩子的事。",
    me_heading: "我的",
    me_intro: "登录后可以报名活动、查看我的活动和消息。",
    not_found_title: "找不到这个页面",
    not_found_body: "链接可能有误，或者内容已经删除。",
    back_home: "回到首页",
    error_title: "出了点问题",
    error_body: "请稍后再试。如果一直这样，请联系当地妇联。",
    offline_notice: "网络断开了，恢复后会自动重试。",
    error,
};

fn category(c: Category) -> &'static str {
    match c {
        Category::CultureSports => "文体活动",
        Category::SkillsTraining => "技能培训",
        Category::Entrepreneurship => "创业指导",
        Category::HealthScreening => "健康筛查",
        Category::LegalAid => "法律援助",
        Category::FamilyEducation => "家庭教育",
        Category::Governance => "议事参与",
        Category::CareVisit => "关爱走访",
    }
}

fn error(key: ErrorKey) -> &'static str {
    match key {
        ErrorKey::Internal => "系统出错了，请稍后再试。",
        ErrorKey::Unavailable => "暂时连不上服务器，请检查网络后再试。",
        ErrorKey::BadRequest => "提交的内容不完整，请检查后再试。",
        ErrorKey::NotFound => "找不到这个内容。",
        ErrorKey::Unauthenticated => "请先登录。",
        ErrorKey::Forbidden => "您没有权限做这件事。",
        ErrorKey::CrossSite => "请求来自其他网站，已被拒绝。请在同心网站内操作。",
        ErrorKey::RateLimited => "尝试次数太多，请稍后再试。",
        ErrorKey::PhoneInvalid => "请输入11位手机号码，例如 138 1234 5678。",
        ErrorKey::PhoneTaken => "这个手机号已经注册过了，请直接登录。",
        ErrorKey::PasswordTooShort => "密码至少要8位。",
        ErrorKey::PasswordTooSimple => "密码不能全是同一个字符。",
        ErrorKey::PasswordIsPhone => "密码不能和手机号一样。",
        ErrorKey::WrongCredentials => "手机号或密码不对。",
        ErrorKey::NameInvalid => "请填写称呼，最多20个字。",
        ErrorKey::RegionInvalid => "请选择所在的村（社区）。",
        ErrorKey::Invalid => "填写的内容有误，请检查。",
    }
}
