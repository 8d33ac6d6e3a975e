Attribute VB_Name = "CareersActions"
' Careers Plan add-in: the "Set RAG", "Add action row" and "Refresh dashboard" buttons.
'
' Each button has a plain macro here (SetRagRed, AddActionRow, RefreshDashboard ...)
' that you can also run from Developer > Macros or give a keyboard shortcut.
Option Explicit

Public Sub SetRagRed()
    SetRag RAG_RED
End Sub

Public Sub SetRagAmber()
    SetRag RAG_AMBER
End Sub

Public Sub SetRagGreen()
    SetRag RAG_GREEN
End Sub

Public Sub SetRagComplete()
    SetRag RAG_COMPLETE
End Sub

Public Sub ClearRag()
    SetRag ""
End Sub

' Set the RAG of the selected actions to label ("" clears it). Select any cell of an
' action (its text, lead, end point ...): on each selected row, the RAG cell of the
' action period the selection is in gets the word and its colour.
Public Sub SetRag(ByVal label As String)
    If TypeName(Selection) <> "Range" Then
        Tell "Select the actions first.", vbInformation, "Set RAG"
        Exit Sub
    End If
    If SetRagOn(Selection, label) = 0 Then
        Tell "Select one or more actions below the headings of a plan sheet.", _
             vbInformation, "Set RAG"
    End If
End Sub

' SetRag on the cells at address of the sheet called sheetName in the workbook you are
' looking at, without a selection (for tests); returns how many RAG cells it set.
Public Function SetRagAt(ByVal sheetName As String, ByVal address As String, _
                         ByVal label As String) As Long
    Dim ws As Object
    SetRagAt = 0
    Set ws = FindSheet(PlanBook(), sheetName)
    If Not ws Is Nothing Then SetRagAt = SetRagOn(ws.Range(address), label)
End Function

' Set the RAG of the actions in the rows of target; returns how many RAG cells were set.
Private Function SetRagOn(ByVal target As Object, ByVal label As String) As Long
    Dim ws As Object, area As Object, headerRow As Long, r As Long, p As Long
    Dim ragCol As Long, firstRow As Long, lastRow As Long, changed As Long
    ForgetLayouts
    Set ws = target.Worksheet
    headerRow = FindHeaderRow(ws)
    SetRagOn = 0
    If headerRow = 0 Then Exit Function
    For Each area In target.Areas
        ' The period the selection starts in; a selection running from the Objective
        ' column into the first period counts as the first period.
        p = PeriodOfColumn(ws, headerRow, area.Column)
        If p = 0 And area.Column + area.Columns.Count - 1 >= PeriodStart(ws, headerRow, 1) Then p = 1
        ragCol = 0
        If p > 0 Then ragCol = RoleColumn(ws, headerRow, p, "rag")
        ' Only rows below the headings, and not the whole sheet for a whole-column selection.
        firstRow = area.Row
        If firstRow <= headerRow Then firstRow = headerRow + 1
        lastRow = area.Row + area.Rows.Count - 1
        If lastRow > LastUsedRow(ws) Then lastRow = LastUsedRow(ws)
        If ragCol > 0 Then
            For r = firstRow To lastRow
                ApplyRag ws.Cells(r, ragCol), label
                changed = changed + 1
            Next r
        End If
    Next area
    SetRagOn = changed
End Function

' Write a RAG word in a cell and colour it the way the plan colours that status.
Public Sub ApplyRag(ByVal cell As Object, ByVal label As String)
    If label = "" Then
        cell.ClearContents
        cell.Interior.ColorIndex = xlColorIndexNone
        cell.Font.ColorIndex = xlColorIndexAutomatic
    Else
        cell.Value = label
        cell.Interior.Color = RagFill(label)
        cell.Font.Color = RagFont(label)
    End If
End Sub

' Insert an empty action row below the selected row of a plan sheet. The new row gets
' the formats and dropdowns (RAG, leads ...) of the row above and stays under the same
' objective; its RAG cells start blank, with no RAG colour.
Public Sub AddActionRow()
    Dim ws As Object, r As Long
    If TypeName(Selection) <> "Range" Then Exit Sub
    Set ws = Selection.Worksheet
    r = Selection.Row + Selection.Rows.Count - 1
    If AddActionRowBelow(ws, r) = 0 Then
        Tell "Select an action row below the headings of a plan sheet.", vbInformation, _
             "Add action row"
    End If
End Sub

' Add an action row below row r of the sheet called sheetName in the workbook you are
' looking at (AddActionRow without a selection, for tests); returns the new row, or 0.
Public Function AddActionRowAt(ByVal sheetName As String, ByVal r As Long) As Long
    Dim ws As Object
    AddActionRowAt = 0
    Set ws = FindSheet(PlanBook(), sheetName)
    If Not ws Is Nothing Then AddActionRowAt = AddActionRowBelow(ws, r)
End Function

' Insert the new action row below row r of ws; returns its number, or 0 if r is not below
' the headings of a plan sheet.
Private Function AddActionRowBelow(ByVal ws As Object, ByVal r As Long) As Long
    Dim headerRow As Long, objectiveCol As Long, firstCol As Long, lastCol As Long
    Dim objectiveCell As Object, merged As Object, p As Long, col As Long
    ForgetLayouts
    AddActionRowBelow = 0
    headerRow = FindHeaderRow(ws)
    If headerRow = 0 Or r <= headerRow Then Exit Function
    objectiveCol = SheetColumn(ws, headerRow, "objective")
    firstCol = PeriodStart(ws, headerRow, 1)
    lastCol = LastUsedColumn(ws)

    ' Insert the row (Excel copies the formats of the row above into it).
    ws.Rows(r + 1).Insert
    ' Copy the dropdowns and formats of the action columns too (not the text).
    ws.Range(ws.Cells(r, firstCol), ws.Cells(r, lastCol)).Copy
    ws.Range(ws.Cells(r + 1, firstCol), ws.Cells(r + 1, lastCol)).PasteSpecial xlPasteValidation
    ws.Range(ws.Cells(r + 1, firstCol), ws.Cells(r + 1, lastCol)).PasteSpecial xlPasteFormats
    Application.CutCopyMode = False
    ' A new action has no status yet: no RAG colour copied from the action above.
    For p = 1 To PeriodCount(ws, headerRow)
        col = RoleColumn(ws, headerRow, p, "rag")
        If col > 0 Then ClearRagCell ws.Cells(r + 1, col)
    Next p

    ' Keep the objective: extend a merged objective cell down, or repeat its text.
    If objectiveCol > 0 Then
        Set objectiveCell = ws.Cells(r, objectiveCol)
        If objectiveCell.MergeCells Then
            Set merged = objectiveCell.MergeArea
            If merged.Row + merged.Rows.Count - 1 = r Then
                merged.UnMerge
                ws.Range(merged.Cells(1, 1), ws.Cells(r + 1, objectiveCol)).Merge
            End If
        Else
            ws.Cells(r + 1, objectiveCol).Value = ObjectiveText(ws, headerRow, r)
        End If
    End If
    ForgetLayouts
    AddActionRowBelow = r + 1
End Function

' Recalculate every formula and redraw every chart, then show the Dashboard sheet.
Public Sub RefreshDashboard()
    Dim problem As String, dashboard As Object
    problem = RefreshWorkbook()
    If problem <> "" Then Tell problem, vbExclamation, "Refresh dashboard"
    Set dashboard = FindSheet(PlanBook(), "Dashboard")
    If Not dashboard Is Nothing Then dashboard.Activate
End Sub

' Recalculate a workbook (the active one if none is given) and redraw its charts, without
' any message boxes. Returns "" when done, or what could not be done. Excel recalculates
' everything (CalculateFull); LibreOffice, which has no CalculateFull, recalculates what
' changed (Calculate) and redraws its charts itself.
Public Function RefreshWorkbook(Optional ByVal wb As Variant) As String
    Dim book As Object, ws As Object, charts As Object, i As Long
    Set book = PlanBook(wb)
    RefreshWorkbook = ""
    On Error Resume Next
    Application.CalculateFull
    If Err.Number <> 0 Then
        Err.Clear
        Application.Calculate
        If Err.Number <> 0 Then
            RefreshWorkbook = "Refresh dashboard needs Excel: this program cannot " & _
                              "recalculate a workbook from a macro (press F9 instead)."
            Exit Function
        End If
    End If
    For Each ws In book.Worksheets
        Set charts = Nothing
        Set charts = ws.ChartObjects
        Err.Clear
        If Not charts Is Nothing Then
            For i = 1 To charts.Count
                charts(i).Chart.Refresh
            Next i
        End If
        Err.Clear
    Next ws
    On Error GoTo 0
End Function
